// The desktop shell's messages in English, the source language: the tray menu and its tooltip, and the desktop's own
// dialogs (folder and save pickers, the start failure, the note that closing the window keeps the NVR running).
// A message without parameters is a string; one with parameters is a function of them (a count used to choose a
// plural is a number shown as it is). Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has this type.
const cameras = (n: number) => (n === 1 ? '1 camera' : `${n} cameras`);

export const desktop = {
  desktop_no_cameras: 'No cameras yet',
  desktop_cameras_all_off: (p: { count: number }) => `${cameras(p.count)}, all turned off`,
  desktop_cameras_starting: (p: { count: number; starting: number }) => `${cameras(p.count)}, ${p.starting} starting`,
  desktop_cameras_watching: (p: { count: number }) => `${cameras(p.count)} watching`,
  /** `names`: the failing cameras' names, joined by the caller ("Back door, Till…"). */
  desktop_cameras_problem: (p: { failing: number; count: number; names: string }) =>
    `${p.failing} of ${cameras(p.count)} ${p.failing === 1 ? 'has' : 'have'} a problem: ${p.names}`,
  desktop_notifications_on: 'Notifications on',
  desktop_notifications_paused: 'Notifications paused',
  desktop_open: 'Open ShopWatch NVR',
  desktop_disarm: 'Pause notifications (disarm)',
  desktop_arm: 'Resume notifications (arm)',
  desktop_start_at_login: 'Start when I log in',
  desktop_lan_viewing: 'View from phones on the shop network',
  desktop_lan_address: (p: { address: string }) => `Phones open ${p.address}`,
  desktop_lan_needs_password: 'Viewing from phones: set a LAN password first (nvr lan-password)',
  desktop_quit: 'Quit (stops recording)',
  desktop_tooltip_paused: 'notifications paused',
  desktop_pick_exports_title: 'Choose where to save exports',
  desktop_pick_exports_button: 'Save exports here',
  desktop_save_picture: 'Save the picture',
  desktop_save_video: 'Save the video',
  desktop_save: 'Save',
  desktop_jpeg_picture: 'JPEG picture',
  desktop_mp4_video: 'MP4 video',
  desktop_still_running: 'Still watching the cameras. Open it again from the tray icon; Quit is in its menu.',
  desktop_start_failed: 'ShopWatch NVR could not start',
  desktop_start_failed_log: (p: { folder: string }) => `The log is in ${p.folder}.`,
};

export type DesktopMessages = typeof desktop;
