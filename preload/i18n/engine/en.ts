// The engine's sentences in English, the source language: what the core says about cameras, the disk, detection and
// the rest, sent across the contract as a message key with parameters and shown in the owner's language (the CLI
// and the logs keep the English). A message without parameters is a string; one with parameters is a function of
// them. Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has the type below. The core makes them with
// `say(key, params)` (preload/i18n/engine-message.ts).
export const engine = {
  // The wizard's test (main/core/cameras/camera-probe.ts): it knows no camera name yet.
  engine_probe_wrong_password: 'Wrong username or password: the camera refused them. Use the account you log in to the camera with (user names and passwords are case-sensitive).',
  engine_probe_not_found: 'The camera answered, but has no stream at that path: check the brand (or the part of the address after the port, like /stream1), and the channel.',
  engine_probe_sub_not_found: "The camera's sub stream answered, but has no stream at that path: check the brand (or the part of the address after the port, like /stream1), and the channel.",
  engine_probe_refused: "The camera refused the connection: check the port (RTSP is usually 554) and that RTSP is switched on in the camera's settings.",
  engine_probe_sub_refused: "The camera's sub stream refused the connection: check the port (RTSP is usually 554) and that RTSP is switched on in the camera's settings.",
  engine_probe_unreachable: 'The camera cannot be reached (no answer, or no route to it): check that it is powered and on the same network, and its IP address.',
  engine_probe_sub_unreachable: "The camera's sub stream cannot be reached (no answer, or no route to it): check that it is powered and on the same network, and its IP address.",
  engine_probe_not_video: "That address is not a camera's video stream (it answered, but sent no video): check the address and the brand; a web page address (http://…) is not the stream.",
  engine_probe_not_camera: 'The address answered, but it is not a camera stream (it does not speak RTSP, the protocol of camera streams): check the address and the port (RTSP is usually 554).',
  engine_probe_not_camera_protocol: (p: { protocol: string }) =>
    `The address answered, but it is not a camera stream (it speaks ${p.protocol}, not RTSP): check the address and the port (RTSP is usually 554).`,
  engine_probe_hung: 'The camera accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds), then test again.',
  engine_probe_sub_hung:
    "The camera's sub stream accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds), then test again.",
  // The wizard's notices.
  engine_probe_h265: 'This camera sends H.265: recording works; the live view will use a lower-resolution converted copy.',
  engine_probe_onvif_addresses: (p: { brand: string }) =>
    `The usual ${p.brand} address did not work on this model; the camera gave its own addresses (ONVIF), and they work.`,
  engine_probe_sub_dropped_wrong_password:
    'The sub stream did not open (Wrong username or password: the camera refused them. Use the account you log in to the camera with (user names and passwords are case-sensitive).) The camera is saved without it: the live grid then uses the main stream.',
  engine_probe_sub_dropped_not_found:
    "The sub stream did not open (The camera's sub stream answered, but has no stream at that path: check the brand (or the part of the address after the port, like /stream1), and the channel.) The camera is saved without it: the live grid then uses the main stream.",
  engine_probe_sub_dropped_refused:
    "The sub stream did not open (The camera's sub stream refused the connection: check the port (RTSP is usually 554) and that RTSP is switched on in the camera's settings.) The camera is saved without it: the live grid then uses the main stream.",
  engine_probe_sub_dropped_unreachable:
    "The sub stream did not open (The camera's sub stream cannot be reached (no answer, or no route to it): check that it is powered and on the same network, and its IP address.) The camera is saved without it: the live grid then uses the main stream.",
  engine_probe_sub_dropped_not_video:
    "The sub stream did not open (That address is not a camera's video stream (it answered, but sent no video): check the address and the brand; a web page address (http://…) is not the stream.) The camera is saved without it: the live grid then uses the main stream.",
  engine_probe_sub_dropped: (p: { problem: string }) => `The sub stream did not open (${p.problem}) The camera is saved without it: the live grid then uses the main stream.`,
  engine_probe_no_sub: 'No sub stream: the live grid uses the main stream (more network and processing per tile).',
  engine_probe_sub_h265: 'The sub stream is H.265: the live grid will use a converted copy of it.',
  engine_probe_g711: 'The camera sends G.711 sound: video is recorded without it.',
  engine_probe_no_snapshot: "The stream works, but no still picture could be taken from it for the preview: masks can be drawn later, from the camera's settings.",
  // ONVIF (main/core/cameras/onvif-client.ts): `where` is "The camera at 192.168.1.20:80".
  engine_onvif_refused: (p: { host: string }) =>
    `The camera at ${p.host} refused the ONVIF connection: check the ONVIF port (often 80, 8000 for Reolink, 2020 for Tapo) and that ONVIF is enabled.`,
  engine_onvif_unreachable: (p: { host: string }) => `The camera at ${p.host} cannot be reached: check that it is powered and on the network, and its IP address.`,
  engine_onvif_timeout: (p: { host: string }) => `The camera at ${p.host} did not answer ONVIF requests in time: check its IP address and ONVIF port.`,
  engine_onvif_timeout_after: (p: { host: string; seconds: number }) =>
    `The camera at ${p.host} did not answer ONVIF requests within ${p.seconds} s: check its IP address and ONVIF port.`,
  engine_onvif_wrong_password: (p: { host: string }) =>
    `Wrong username or password: The camera at ${p.host} refused them for ONVIF (some cameras need a separate ONVIF user).`,
  engine_onvif_not_onvif: (p: { host: string }) =>
    `The camera at ${p.host} answered, but not as an ONVIF camera: check the ONVIF port, or choose the camera's brand instead.`,
  engine_onvif_error: (p: { host: string; error: string }) =>
    `The camera at ${p.host} answered ONVIF requests with an error (${p.error}): choose the camera's brand, or type its RTSP address.`,
  engine_onvif_no_profiles: (p: { host: string }) => `The camera at ${p.host} answers ONVIF but offers no video profile: type its RTSP address instead.`,
  engine_onvif_no_rtsp: (p: { host: string }) => `The camera at ${p.host} gave no RTSP address for its video profile: type its RTSP address instead.`,
  // A configured camera's status (main/core/capture/ffmpeg-errors.ts, run-verdict.ts, stream-answer.ts).
  engine_camera_wrong_password: (p: { camera: string }) => `Wrong username or password for ${p.camera}: check them in the camera's settings (the camera refused to log in).`,
  engine_camera_not_found: (p: { camera: string }) =>
    `${p.camera} answered, but the stream path was not found: check the part of the address after the port (for example /stream1).`,
  engine_camera_refused: (p: { camera: string }) =>
    `${p.camera} refused the connection: check the IP address and the port (RTSP is usually 554), and that RTSP is enabled on the camera.`,
  engine_camera_unreachable: (p: { camera: string }) => `${p.camera} cannot be reached: check that it is powered and on the network, and its IP address.`,
  engine_camera_not_video: (p: { camera: string }) =>
    `${p.camera} did not send a video stream this app can read: check the address (is it the camera's RTSP address?).`,
  engine_camera_not_video_url: (p: { camera: string }) =>
    `The address of ${p.camera} is not a video stream: use the camera's RTSP address (rtsp://…) if it has one.`,
  engine_camera_closed: (p: { camera: string }) => `${p.camera} closed the stream: reconnecting.`,
  engine_camera_stopped: (p: { camera: string }) => `${p.camera} stopped streaming: reconnecting.`,
  engine_camera_no_pictures: (p: { camera: string }) => `${p.camera} stopped sending pictures: reconnecting.`,
  engine_camera_not_camera: (p: { camera: string }) =>
    `The address of ${p.camera} answered, but it is not a camera stream (it does not speak RTSP, the protocol of camera streams): check the address and the port (RTSP is usually 554).`,
  engine_camera_not_camera_protocol: (p: { camera: string; protocol: string }) =>
    `The address of ${p.camera} answered, but it is not a camera stream (it speaks ${p.protocol}, not RTSP): check the address and the port (RTSP is usually 554).`,
  engine_camera_hung: (p: { camera: string }) =>
    `${p.camera} accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds); it reconnects by itself.`,
  engine_camera_turned_off: 'The camera is turned off',
  // Recording, the disk and the data folder.
  engine_recording_waiting: 'Not recording yet: waiting for the first picture from the camera.',
  engine_recording_not_reconnecting: 'Not recording: the camera is not sending video; reconnecting.',
  engine_recording_not_failed: 'Not recording: the camera is not sending video (see its status).',
  engine_recording_paused_disk_full: 'Recording paused: the disk is full. Old recordings are being removed to make room.',
  engine_disk_full_held: (p: { count: number }) =>
    `The disk that holds the data folder is full: new events are kept in memory and written once old recordings are removed or you free some space (${p.count} waiting).`,
  engine_disk_nearly_full: (p: { free: string }) =>
    `The disk that holds the data folder is full (${p.free} free): recording waits until old recordings are removed or you free some space.`,
  engine_disk_reserve_in_use:
    'The disk that holds the data folder was full: the space kept in reserve is in use until old recordings are removed or you free some space.',
  engine_folder_missing: (p: { folder: string }) =>
    `The data folder ${p.folder} is gone (deleted, moved or its disk removed): recording is paused and new events are kept in memory; put the folder back (or reconnect its disk) and recording resumes by itself.`,
  engine_folder_unmounted: (p: { folder: string }) =>
    `The disk that holds the data folder ${p.folder} is no longer mounted: recording is paused and new events are kept in memory; reconnect or mount the disk again and recording resumes by itself.`,
  engine_folder_replaced: (p: { folder: string }) =>
    `The data folder ${p.folder} was replaced by another folder: recording is paused and new events are kept in memory; put the original folder back and recording resumes by itself.`,
  engine_folder_copied: (p: { folder: string }) =>
    `The data folder ${p.folder} came back as a copy: recording is paused and new events are kept in memory; restart ShopWatch NVR so that it opens the copied database.`,
  // Answers to requests (ApiError).
  engine_no_such_camera: 'There is no such camera (it may have been removed).',
  engine_no_such_event: 'There is no such event (it may have been deleted by retention).',
  engine_save_disk_full: 'The disk that holds the data folder is full: this change could not be saved. Free some space and try again.',
  engine_live_unavailable: (p: { camera: string }) => `${p.camera} is turned off or cannot stream: there is no live picture.`,
  engine_live_cannot_stream: (p: { camera: string }) => `${p.camera} cannot stream: there is no live picture.`,
  engine_live_no_picture_yet: (p: { camera: string }) => `${p.camera} has not sent a picture yet: the live view starts once it does.`,
  // The event database (main/core/storage/folder-identity-decision.ts).
  engine_database_replaced: (p: { when: string; segments: number; snapshots: number }) =>
    `The event database was replaced (it was missing or empty) on ${p.when}: ${p.segments === 1 ? '1 recording' : `${p.segments} recordings`} and ${p.snapshots === 1 ? '1 snapshot' : `${p.snapshots} snapshots`} found in the data folder were kept and re-indexed; they are not deleted by age, only when the disk runs short of space (oldest first, after all other footage).`,
  engine_database_foreign: (p: { when: string; segments: number; snapshots: number }) =>
    `The event database was replaced by one from another data folder on ${p.when}: ${p.segments === 1 ? '1 recording' : `${p.segments} recordings`} and ${p.snapshots === 1 ? '1 snapshot' : `${p.snapshots} snapshots`} found in the data folder were kept and re-indexed; they are not deleted by age, only when the disk runs short of space (oldest first, after all other footage).`,
  // Person detection.
  engine_detection_no_model: (p: { looked: string }) =>
    `Person detection is off: no model file was found (looked in ${p.looked}). Motion detection still works.`,
  engine_detection_no_model_setting: (p: { path: string }) =>
    `Person detection is off: no model file was found (looked in ${p.path}, the file set in Settings). Motion detection still works.`,
  engine_detection_no_model_env: (p: { path: string }) =>
    `Person detection is off: no model file was found (looked in ${p.path}, the file named by NVR_MODEL_PATH). Motion detection still works.`,
  engine_detection_off: (p: { error: string }) => `Person detection is off: ${p.error}`,
};

export type EngineMessages = typeof engine;
