// The tray: its tooltip, which icon it shows and its menu, computed from the cameras' states and the settings. Pure;
// main.ts turns the items into Electron's Menu and maps each item's id to an action.
import type { CameraStateName } from '../../preload/contract.ts';

export type TrayAction = 'open' | 'arm' | 'disarm' | 'toggle-login' | 'toggle-lan' | 'quit';

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'action'; action: TrayAction; label: string }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean }
  | { kind: 'separator' };

export type TrayIconState = 'ok' | 'problem' | 'disarmed';

export interface TrayModel {
  tooltip: string;
  icon: TrayIconState;
  items: TrayItem[];
}

export interface TrayInput {
  cameras: Array<{ name: string; state: CameraStateName }>;
  armed: boolean;
  startAtLogin: boolean;
  /** Whether starting at login can be set up for this build. */
  loginItemSupported: boolean;
  /** LAN viewing: on, and whether the LAN password it needs is set. */
  lanEnabled: boolean;
  lanPasswordSet: boolean;
  /** The address phones use while LAN viewing is on (http://<this PC>:<port>/). */
  lanAddress: string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 cameras watching", "1 of 3 cameras has a problem: Back door", "No cameras yet". */
export function cameraSummary(cameras: TrayInput['cameras']): { text: string; problem: boolean } {
  const active = cameras.filter((c) => c.state !== 'disabled');
  if (cameras.length === 0) return { text: 'No cameras yet', problem: false };
  if (active.length === 0) return { text: `${plural(cameras.length, 'camera')}, all turned off`, problem: false };
  const failing = active.filter((c) => c.state === 'failed' || c.state === 'reconnecting');
  if (failing.length === 0) {
    const starting = active.filter((c) => c.state === 'starting').length;
    return { text: starting ? `${plural(active.length, 'camera')}, ${starting} starting` : `${plural(active.length, 'camera')} watching`, problem: false };
  }
  const names = failing.slice(0, 3).map((c) => c.name).join(', ') + (failing.length > 3 ? '…' : '');
  return { text: `${failing.length} of ${plural(active.length, 'camera')} ${failing.length === 1 ? 'has' : 'have'} a problem: ${names}`, problem: true };
}

export function trayModel(input: TrayInput): TrayModel {
  const summary = cameraSummary(input.cameras);
  const items: TrayItem[] = [
    { kind: 'label', label: summary.text },
    { kind: 'label', label: input.armed ? 'Notifications on' : 'Notifications paused' },
    { kind: 'separator' },
    { kind: 'action', action: 'open', label: 'Open ShopWatch NVR' },
    input.armed
      ? { kind: 'action', action: 'disarm', label: 'Pause notifications (disarm)' }
      : { kind: 'action', action: 'arm', label: 'Resume notifications (arm)' },
  ];
  if (input.loginItemSupported) {
    items.push({ kind: 'checkbox', action: 'toggle-login', label: 'Start when I log in', checked: input.startAtLogin });
  }
  if (input.lanPasswordSet || input.lanEnabled) {
    items.push({ kind: 'checkbox', action: 'toggle-lan', label: 'View from phones on the shop network', checked: input.lanEnabled });
    if (input.lanEnabled && input.lanAddress) items.push({ kind: 'label', label: `Phones open ${input.lanAddress}` });
  } else {
    items.push({ kind: 'label', label: 'Viewing from phones: set a LAN password first (nvr lan-password)' });
  }
  items.push({ kind: 'separator' }, { kind: 'action', action: 'quit', label: 'Quit (stops recording)' });
  return {
    tooltip: `ShopWatch NVR: ${summary.text}${input.armed ? '' : ' · notifications paused'}`,
    icon: summary.problem ? 'problem' : input.armed ? 'ok' : 'disarmed',
    items,
  };
}
