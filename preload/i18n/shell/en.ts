// The shell's messages in English, the source language: the header, navigation, connection, theme and language, the
// banners, the dialogs' own buttons, and the Health view. A message without parameters is a string; one with
// parameters is a function of them (the caller formats numbers, dates and sizes first; a count used to choose a plural
// is passed as a number and shown as it is). Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has the
// type below.
export const shell = {
  shell_language: 'Language',
  // The header
  shell_skip_to_content: 'Skip to content',
  shell_main_nav: 'Main',
  shell_nav_live: 'Live',
  shell_nav_review: 'Review',
  shell_nav_exports: 'Exports',
  shell_nav_settings: 'Settings',
  shell_nav_health: 'Health',
  /** The same, on the phone's bottom bar (a fifth of the width each): as short as the language allows. */
  shell_nav_live_short: 'Live',
  shell_nav_review_short: 'Review',
  shell_nav_exports_short: 'Exports',
  shell_nav_settings_short: 'Settings',
  shell_nav_health_short: 'Health',
  shell_connected: 'Connected',
  shell_connecting: 'Connecting…',
  shell_signed_out: 'Signed out',
  shell_connection_retrying: 'Connection lost: retrying…',
  /** The theme switch: the short word on phones, the whole name on wider screens, the action for screen readers. */
  shell_theme_light: 'Light',
  shell_theme_dark: 'Dark',
  shell_theme_light_full: 'Light theme',
  shell_theme_dark_full: 'Dark theme',
  shell_switch_to_light: 'Switch to light theme',
  shell_switch_to_dark: 'Switch to dark theme',
  // The banners
  shell_connection_lost: 'The connection to the NVR was lost. It reconnects by itself as soon as the NVR answers again (a restart keeps this page signed in).',
  shell_signed_out_banner: 'This page is no longer signed in to the NVR. Open the address it printed when it started (`nvr url` prints it again on this PC).',
  shell_viewer_no_settings: 'A viewer account cannot change settings: sign in as the owner.',
  // Requests the page sends
  shell_no_answer: 'The NVR did not answer in time. Is it still running?',
  shell_lost_before_answer: 'The connection to the NVR was lost before it answered; try again.',
  shell_dismiss: 'Dismiss',
  shell_dismiss_notice: 'Dismiss this notice',
  // Dialogs
  shell_close: 'Close',
  shell_cancel: 'Cancel',
  // The Health view
  shell_health_cpu: 'CPU (NVR)',
  shell_health_load: (p: { load: string }) => `load ${p.load}`,
  shell_health_memory: 'Memory',
  shell_health_heap: (p: { size: string }) => `heap ${p.size}`,
  shell_health_disk: 'Disk',
  shell_health_disk_free: (p: { size: string }) => `${p.size} free`,
  shell_health_disk_of: (p: { total: string }) => `of ${p.total}`,
  shell_health_disk_used: (p: { percent: number }) => ` (${p.percent} % used)`,
  shell_health_data_folder: (p: { size: string }) => ` · data ${p.size}`,
  shell_health_running_for: 'Running for',
  shell_health_cameras: 'Cameras',
  shell_health_no_cameras: 'No cameras.',
  shell_health_col_camera: 'Camera',
  shell_health_col_state: 'State',
  shell_health_col_fps: 'FPS',
  shell_health_col_frames: 'Frames',
  shell_health_col_dropped: 'Dropped',
  shell_health_col_reconnects: 'Reconnects',
  shell_health_col_up: 'Up',
  shell_health_col_recording: 'Recording',
  shell_health_col_last_error: 'Last error',
  shell_health_recording: 'Recording',
  shell_health_recording_off: 'Off',
  shell_health_recording_paused: 'Paused',
  shell_health_detection: 'Person detection',
  shell_health_on: 'On',
  shell_health_off: 'Off',
  shell_health_detection_figures: (p: { checks: number; skipped: number; queue: number }) =>
    `${p.checks} checks · ${p.skipped} frames skipped · queue ${p.queue}`,
  shell_health_detection_each: (p: { ms: string }) => ` · ${p.ms} ms each`,
  shell_health_notifications: 'Notifications',
  shell_health_working: 'Working',
  shell_health_not_working: 'Not working',
  shell_health_sent: (p: { count: number }) => `${p.count} sent`,
  shell_health_last_sent: (p: { when: string }) => `, last ${p.when}`,
  shell_health_held_back: (p: { count: number; why: string }) => ` · ${p.count} held back (${p.why})`,
  shell_health_cleanup: 'Clean-up',
  shell_health_last_run: (p: { when: string }) => `Last run ${p.when}`,
  shell_health_not_run: 'Not run yet',
  shell_health_deleted: (p: { events: number; size: string }) => ` · ${p.events} events and ${p.size} deleted`,
  shell_health_segments: (p: { segments: number; size: string; byAge: number; byQuota: number; bySpace: number }) =>
    `Recordings: ${p.segments} segments (${p.size}) deleted: ${p.byAge} by age, ${p.byQuota} by the quota, ${p.bySpace} for free space`,
  shell_health_per_hour: (p: { size: string }) => ` · ${p.size} an hour`,
  shell_loading: 'Loading…',
  // A screen loaded when first opened (components/LazyView.svelte) whose files did not arrive.
  shell_screen_failed: 'This screen could not be loaded. Reload the page to try again.',
};

export type ShellMessages = typeof shell;
