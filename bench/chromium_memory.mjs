// What all of Chromium's processes hold, as issue 17 counts a tab's memory: the proportional set
// size (PSS: a shared page counted once, split between its processes) of the browser, the GPU
// process, the utilities and the renderers, summed; and, with --allocators, Chromium's own
// account of where it went (memory-infra's allocators: malloc, partition_alloc, v8, blink_gc…),
// process by process, from before the load to after it.
import fs from 'node:fs';

/** Bytes of PSS of the process `pid` (0 once it has ended). */
function pss(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number((text.match(/^Pss:\s+(\d+) kB/m) ?? [])[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Bytes of PSS of all of `pids`. */
export function pssOf(pids) {
  return pids.reduce((sum, pid) => sum + pss(pid), 0);
}

/** Bytes of PSS of `pids` by kind of process (browser, renderer…), for saying where the sum is. */
export function pssByKind(pids) {
  const kinds = new Map();
  for (const pid of pids) {
    const kind = processKind(pid).split(':')[0];
    if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + pss(pid));
  }
  return kinds;
}

/** The kind of Chromium process `pid` is: browser, renderer, gpu-process, utility:…, or '' if gone. */
export function processKind(pid) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const kind = (cmd.match(/--type=([a-z-]+)/) ?? [, 'browser'])[1];
    return kind === 'utility' ? `utility:${(cmd.match(/--utility-sub-type=([\w.]+)/) ?? [, '?'])[1]}` : kind;
  } catch {
    return '';
  }
}

/**
 * One memory-infra dump of every Chromium process (a detailed dump requested through a browser
 * CDP session): pid → allocator name (top level, and one level below) → bytes.
 */
export async function allocatorDump(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
      memoryDumpConfig: { triggers: [] },
    },
    transferMode: 'ReportEvents',
  });
  await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const byPid = new Map();
  for (const e of events) {
    const allocators = e.ph === 'v' ? e.args?.dumps?.allocators : null;
    if (!allocators) continue;
    const sizes = byPid.get(e.pid) ?? new Map();
    for (const [name, dump] of Object.entries(allocators)) {
      const size = dump.attrs?.size;
      // Tracing's own buffers (shared memory, named globally) are the dump's, not the page's.
      if (size && name.split('/').length <= 2 && !/^(shared_memory|tracing|global)\b/.test(name)) {
        sizes.set(name, parseInt(size.value, 16));
      }
    }
    byPid.set(e.pid, sizes);
  }
  return byPid;
}

/**
 * Lines saying what each process's allocators grew by between two dumps (`kinds`: pid → kind),
 * the top-level allocators that moved by at least a megabyte, largest first.
 */
export function allocatorGrowth(before, after, kinds) {
  const lines = [];
  for (const [pid, sizes] of after) {
    const grew = [...sizes]
      .filter(([name]) => !name.includes('/'))
      .map(([name, bytes]) => [name, bytes - (before.get(pid)?.get(name) ?? 0)])
      .filter(([, bytes]) => Math.abs(bytes) >= 1e6)
      .sort((a, b) => b[1] - a[1]);
    if (grew.length) {
      const parts = grew.map(([name, bytes]) => `${name} ${bytes > 0 ? '+' : ''}${(bytes / 1e6).toFixed(1)}`);
      lines.push(`    ${kinds.get(pid) || 'ended'} (${pid}): ${parts.join(', ')} MB`);
    }
  }
  return lines;
}
