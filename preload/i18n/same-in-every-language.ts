// Messages that are the same words in every language (product and protocol names). The catalog test allows only
// these to equal English in a translation; everything else must be translated.
import type { MessageKey } from './catalog.ts';

export const sameInEveryLanguage: ReadonlySet<MessageKey> = new Set<MessageKey>([
  // The wizard's stream description only lays out parts that are translated ("H.264 1920×1080 at 15 fps, no sound").
  'wizard_stream',
  // shell and live (L2): "CPU", "FPS", "DEMO" and Vietnamese's own word "camera"
  'shell_health_cpu',
  'shell_health_col_fps',
  'shell_health_col_camera',
  'live_camera',
  'live_demo_badge',
  // settings (L5): the alert channels' product and protocol names ("E-mail" is also the Brazilian word)
  'settings_alerts_type_webhook',
  'settings_alerts_type_mqtt',
  'settings_alerts_type_telegram',
  'settings_alerts_type_line',
  'settings_alerts_type_ntfy',
  'settings_alerts_type_email',
  'settings_alerts_security_starttls',
  'settings_alerts_security_tls',
]);
