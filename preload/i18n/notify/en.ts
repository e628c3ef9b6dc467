// The notifications' and alert channels' words in English, the source language: the OS notification, the title and
// body every alert channel sends, what the cooldown held back, an e-mail's link lines. Written in the owner's language
// at the moment they are sent (main/core/i18n/owner-locale.ts). Times and dates come formatted by the main process's
// formatter; a count used to choose a plural is a number. Every translation (th.ts, pt-BR.ts, vi.ts) has this type.
export const notify = {
  notify_title_motion: (p: { camera: string }) => `Motion at ${p.camera}`,
  notify_title_person: (p: { camera: string }) => `Person at ${p.camera}`,
  notify_title_loitering: (p: { camera: string }) => `Person loitering at ${p.camera}`,
  notify_held_people: (p: { count: number }) => (p.count === 1 ? '1 person' : `${p.count} people`),
  notify_held_events: (p: { count: number }) => (p.count === 1 ? '1 event' : `${p.count} events`),
  notify_held_other_events: (p: { count: number }) => (p.count === 1 ? '1 other event' : `${p.count} other events`),
  notify_held_both: (p: { people: string; other: string }) => `${p.people} and ${p.other}`,
  notify_held_since: (p: { held: string; time: string }) => `${p.held} since ${p.time}`,
  notify_offline_title: (p: { camera: string }) => `${p.camera} is offline`,
  notify_offline_since: (p: { time: string }) => `no picture since ${p.time}`,
  notify_online_title: (p: { camera: string }) => `${p.camera} is back online`,
  notify_online_at: (p: { time: string }) => `back at ${p.time}`,
  notify_test_title: 'ShopWatch NVR test alert',
  notify_test_body: (p: { channel: string }) => `This is a test from ShopWatch NVR on the "${p.channel}" channel: alerts will arrive here.`,
  notify_link_event: (p: { url: string }) => `Event: ${p.url}`,
  notify_link_clip: (p: { url: string }) => `Clip: ${p.url}`,
  notify_link_snapshot: (p: { url: string }) => `Snapshot: ${p.url}`,
  notify_snapshot_not_sent: (p: { why: string }) => `(The snapshot could not be sent: ${p.why}.)`,
  notify_snapshot_refused_by_telegram: 'Telegram refused it',
  notify_folder_paused_title: 'Recording paused: the data folder is not available',
  notify_folder_back_title: 'Recording resumed: the data folder is back',
  notify_folder_back_body: (p: { folder: string }) =>
    `The data folder ${p.folder} is back: recording resumed and the events kept meanwhile were saved.`,
};

export type NotifyMessages = typeof notify;
