// The IPC channel names, shared by the main process (ipc-router.ts, main.ts) and the preload. No imports, so the
// preload bundle stays small.

/** renderer → main, ipcRenderer.invoke: { name, input } → IpcReply. */
export const IPC_INVOKE = 'nvr:invoke';
/** main → renderer: { name, payload } for every contract event. */
export const IPC_EVENT = 'nvr:event';
/** main → renderer: a route (#/events/<id>) to show, after a notification click. */
export const IPC_NAVIGATE = 'nvr:navigate';
/** renderer → main, ipcRenderer.invoke: the folder the owner picks in the system's folder dialog (string), or null. */
export const IPC_PICK_FOLDER = 'nvr:pick-folder';
