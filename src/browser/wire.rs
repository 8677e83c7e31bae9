//! Messages as JS values for `postMessage`, between the page and the worker and between the
//! worker and its helpers: the postcard-encoded bytes in a `Uint8Array` whose buffer is
//! transferred (not copied), and for a request the `File`s (or slices of files) it carries in an
//! array next to them (cloned by handle, never read on the UI thread).

use crate::protocol::{decode, encode};
use js_sys::{Array, Float64Array, Reflect, Uint32Array, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, FileSystemDirectoryHandle};

/// A message ready to post: the value and the list of objects to transfer.
pub struct Packed {
    /// The message.
    pub value: JsValue,
    /// Buffers whose ownership moves to the receiver.
    pub transfer: Array,
}

/// A file a request carries, and the folder it was found in, through which it can be found
/// again once let go (see `folder_files`).
pub struct CarriedFile {
    /// The file.
    pub file: Blob,
    /// Its dropped or picked folder, if it came from one's handle.
    pub folder: Option<FolderRef>,
}

/// A folder as a request names it: its handle the first time, then the number it was given then
/// (the folders sent, in order, from 0). Each handle a worker receives costs the browser process
/// memory of its own, and a drop comes in messages of 16 files.
#[derive(Clone)]
pub enum FolderRef {
    /// A folder not sent before, numbered next.
    New(FileSystemDirectoryHandle),
    /// The folder sent with this number.
    Sent(u32),
}

/// Packs a request (a [`Request`](crate::protocol::Request) or a helper's job) and the files it
/// carries, each with its folder, as `[bytes, [Blob…], [folder, number or undefined…]]`.
pub fn pack_request<'a, T, F>(request: &T, files: F) -> Result<Packed, String>
where
    T: Serialize,
    F: IntoIterator<Item = (&'a Blob, Option<FolderRef>)>,
{
    let bytes = Uint8Array::from(encode(request)?.as_slice());
    let (list, folders) = (Array::new(), Array::new());
    for (file, folder) in files {
        list.push(file);
        folders.push(&match folder {
            Some(FolderRef::New(handle)) => handle.into(),
            Some(FolderRef::Sent(number)) => JsValue::from(number),
            None => JsValue::UNDEFINED,
        });
    }
    Ok(Packed {
        value: Array::of3(&bytes, &list, &folders).into(),
        transfer: Array::of1(&bytes.buffer()),
    })
}

/// Unpacks what [`pack_request`] made.
pub fn unpack_request<T: DeserializeOwned>(data: &JsValue) -> Result<(T, Vec<CarriedFile>), String> {
    let parts = data.dyn_ref::<Array>().ok_or("a request is not an array")?;
    let bytes = parts
        .get(0)
        .dyn_into::<Uint8Array>()
        .map_err(|_| "a request has no bytes")?;
    let request = decode(&bytes.to_vec())?;
    let folders = parts.get(2);
    let folder = |i: usize| {
        let folder = Reflect::get_u32(&folders, i as u32).ok()?;
        match folder.as_f64() {
            Some(number) => Some(FolderRef::Sent(number as u32)),
            None => folder.dyn_into().ok().map(FolderRef::New),
        }
    };
    let files = match parts.get(1).dyn_into::<Array>() {
        Ok(list) => list
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.dyn_into::<Blob>()
                    .map(|file| CarriedFile {
                        file,
                        folder: folder(i),
                    })
                    .map_err(|_| "a request holds something else than a file".to_string())
            })
            .collect::<Result<_, _>>()?,
        Err(_) => Vec::new(),
    };
    Ok((request, files))
}

/// The `Blob`s that hold a job's files, each with how many files it holds.
pub type JobParts = Vec<(Blob, u32)>;

/// Packs a helper's job: the request, the `Blob`s that hold its files with how many files each
/// holds, and each file's size.
pub fn pack_job<T: Serialize>(request: &T, parts: &[(Blob, u32)], sizes: &[f64]) -> Result<Packed, String> {
    let bytes = Uint8Array::from(encode(request)?.as_slice());
    let blobs: Array = parts.iter().map(|(blob, _)| blob).collect();
    let counts = Uint32Array::from(&parts.iter().map(|(_, count)| *count).collect::<Vec<_>>()[..]);
    let sizes = Float64Array::from(sizes);
    let value = Array::of4(&bytes, &blobs, &counts, &sizes);
    Ok(Packed {
        value: value.into(),
        transfer: Array::of3(&bytes.buffer(), &counts.buffer(), &sizes.buffer()),
    })
}

/// Unpacks what [`pack_job`] made.
pub fn unpack_job<T: DeserializeOwned>(data: &JsValue) -> Result<(T, JobParts, Vec<f64>), String> {
    let parts = data.dyn_ref::<Array>().ok_or("a job is not an array")?;
    let bytes = parts
        .get(0)
        .dyn_into::<Uint8Array>()
        .map_err(|_| "a job has no bytes")?;
    let blobs = parts.get(1).dyn_into::<Array>().map_err(|_| "a job has no files")?;
    let counts = parts
        .get(2)
        .dyn_into::<Uint32Array>()
        .map_err(|_| "a job has no counts")?;
    let sizes = parts
        .get(3)
        .dyn_into::<Float64Array>()
        .map_err(|_| "a job has no sizes")?;
    let blobs = (blobs.iter())
        .zip(counts.to_vec())
        .map(|(blob, count)| blob.dyn_into::<Blob>().map(|blob| (blob, count)))
        .collect::<Result<_, _>>()
        .map_err(|_| "a job holds something else than files")?;
    Ok((decode(&bytes.to_vec())?, blobs, sizes.to_vec()))
}

/// Packs a response (a [`Response`](crate::protocol::Response) or a helper's answer) as its
/// bytes.
pub fn pack_response<T: Serialize>(response: &T) -> Result<Packed, String> {
    Ok(bytes(&encode(response)?))
}

/// `bytes` as a message that transfers its buffer.
pub fn bytes(bytes: &[u8]) -> Packed {
    let bytes = Uint8Array::from(bytes);
    Packed {
        transfer: Array::of1(&bytes.buffer()),
        value: bytes.into(),
    }
}

/// Whether `data` is bytes, as every [`pack_response`] is.
pub fn is_bytes(data: &JsValue) -> bool {
    data.is_instance_of::<Uint8Array>()
}

/// Unpacks what [`pack_response`] made.
pub fn unpack_response<T: DeserializeOwned>(data: &JsValue) -> Result<T, String> {
    let bytes = data.dyn_ref::<Uint8Array>().ok_or("a response is not bytes")?;
    decode(&bytes.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Choose, Progress, Request, Response};
    use js_sys::Promise;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::{File, MessageChannel, MessageEvent};

    /// Posts `packed` through a real `MessageChannel` (structured clone and transfer, as between
    /// the page and the worker) and returns what arrives.
    async fn through_a_channel(packed: Packed) -> JsValue {
        let channel = MessageChannel::new().expect("a channel");
        let receiver = channel.port2();
        let arrived = Promise::new(&mut |resolve, _| {
            let on_message = Closure::once_into_js(move |event: MessageEvent| {
                resolve.call1(&JsValue::NULL, &event.data()).expect("resolves");
            });
            receiver.set_onmessage(Some(on_message.unchecked_ref()));
        });
        channel
            .port1()
            .post_message_with_transferable(&packed.value, &packed.transfer)
            .expect("posts");
        JsFuture::from(arrived).await.expect("arrives")
    }

    #[wasm_bindgen_test]
    async fn a_load_and_its_files_cross_a_message_channel() {
        let file = |name: &str, text: &str| {
            let parts = Array::of1(&Uint8Array::from(text.as_bytes()));
            File::new_with_u8_array_sequence(&parts, name).expect("a file")
        };
        let files = [file("a.json", "{}"), file("b.json.gz", "xyz")];
        let request = Request::Load {
            base_origin: 4,
            paths: vec!["AWSLogs/a.json".into(), "b.json.gz".into()],
            more: false,
            choose: Choose::Never,
        };
        let carried = [(&*files[0], None), (&*files[1], Some(FolderRef::Sent(3)))];
        let data = through_a_channel(pack_request(&request, carried).expect("packs")).await;
        let (back, back_files) = unpack_request::<Request>(&data).expect("unpacks");
        assert_eq!(back, request);
        let names: Vec<String> = back_files
            .iter()
            .map(|f| f.file.unchecked_ref::<File>().name())
            .collect();
        assert_eq!(names, ["a.json", "b.json.gz"]);
        assert_eq!(back_files[1].file.size(), 3.0);
        assert!(back_files[0].folder.is_none());
        assert!(
            matches!(back_files[1].folder, Some(FolderRef::Sent(3))),
            "a folder sent before, by number"
        );
    }

    #[wasm_bindgen_test]
    async fn a_job_its_joined_files_and_their_sizes_cross_a_message_channel() {
        let request = Request::Search { text: "json:x".into() };
        let joined = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(&b"{}xyz"[..]))).expect("a blob");
        let parts = [(joined.clone(), 2), (joined.slice().expect("a slice"), 1)];
        let data = through_a_channel(pack_job(&request, &parts, &[2.0, 3.0, 5.0]).expect("packs")).await;
        let (back, back_parts, sizes) = unpack_job::<Request>(&data).expect("unpacks");
        let back_parts: Vec<(f64, u32)> = back_parts.iter().map(|(blob, count)| (blob.size(), *count)).collect();
        assert_eq!(
            (back, back_parts, sizes),
            (request, vec![(5.0, 2), (5.0, 1)], vec![2.0, 3.0, 5.0])
        );
        assert!(unpack_job::<Request>(
            &through_a_channel(pack_request(&Request::Clear, [(&joined, None)]).expect("packs")).await
        )
        .is_err());
    }

    #[wasm_bindgen_test]
    async fn a_response_crosses_a_message_channel() {
        let response = Response::Progress(Progress {
            files_done: 1,
            files_total: 2,
            bytes_read: 3,
            bytes_total: 4,
            events: 5,
            mb_per_s: 6.5,
        });
        let data = through_a_channel(pack_response(&response).expect("packs")).await;
        assert_eq!(unpack_response::<Response>(&data).expect("unpacks"), response);
    }

    #[wasm_bindgen_test]
    fn what_is_not_a_message_is_an_error() {
        assert!(unpack_request::<Request>(&JsValue::from_str("hello")).is_err());
        assert!(unpack_response::<Response>(&JsValue::NULL).is_err());
    }
}
