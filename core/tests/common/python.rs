//! Python with DuckDB and sqlglot for the SQL tests: the virtualenv `scripts/py-env.sh` makes
//! (versions pinned there) under the target folder, made once per test binary. A test that
//! needs it fails, saying why, when it cannot be made: it is never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The virtualenv's `python`.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let env = Path::new(env!("CARGO_TARGET_TMPDIR")).join("py-env");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/py-env.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg(&env)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success(),
            "cannot make the Python virtualenv for the SQL tests ({} {}): python3 with venv and \
             access to PyPI are needed\n{}{}",
            script.display(),
            env.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        env.join("bin/python")
    })
}

/// Runs the Python `code` with `args` (as `sys.argv[1:]`) and returns what it printed.
pub fn run(code: &str, args: &[&str]) -> String {
    let out = Command::new(python())
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("run the virtualenv's python");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
