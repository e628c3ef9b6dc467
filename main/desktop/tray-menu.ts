// The tray: its tooltip, which icon it shows and its menu, computed from the cameras' states and the settings, in the
// owner's language (the catalog is passed in). Pure; desktop-tray.ts turns the items into Electron's Menu and maps
// each item's id to an action.
import type { CameraStateName } from '../../preload/contract.ts';
import { desktop as english, type DesktopMessages } from '../../preload/i18n/desktop/en.ts';

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

/** "3 cameras watching", "1 of 3 cameras has a problem: Back door", "No cameras yet" (in the words of `m`). */
export function cameraSummary(cameras: TrayInput['cameras'], m: DesktopMessages = english): { text: string; problem: boolean } {
  const active = cameras.filter((c) => c.state !== 'disabled');
  if (cameras.length === 0) return { text: m.desktop_no_cameras, problem: false };
  if (active.length === 0) return { text: m.desktop_cameras_all_off({ count: cameras.length }), problem: false };
  const failing = active.filter((c) => c.state === 'failed' || c.state === 'reconnecting');
  if (failing.length === 0) {
    const starting = active.filter((c) => c.state === 'starting').length;
    const text = starting ? m.desktop_cameras_starting({ count: active.length, starting }) : m.desktop_cameras_watching({ count: active.length });
    return { text, problem: false };
  }
  const names = failing.slice(0, 3).map((c) => c.name).join(', ') + (failing.length > 3 ? '…' : '');
  return { text: m.desktop_cameras_problem({ failing: failing.length, count: active.length, names }), problem: true };
}

/** The tray in the owner's language: `m` is that language's catalog (English when not given). */
export function trayModel(input: TrayInput, m: DesktopMessages = english): TrayModel {
  const summary = cameraSummary(input.cameras, m);
  const items: TrayItem[] = [
    { kind: 'label', label: summary.text },
    { kind: 'label', label: input.armed ? m.desktop_notifications_on : m.desktop_notifications_paused },
    { kind: 'separator' },
    { kind: 'action', action: 'open', label: m.desktop_open },
    input.armed ? { kind: 'action', action: 'disarm', label: m.desktop_disarm } : { kind: 'action', action: 'arm', label: m.desktop_arm },
  ];
  if (input.loginItemSupported) {
    items.push({ kind: 'checkbox', action: 'toggle-login', label: m.desktop_start_at_login, checked: input.startAtLogin });
  }
  if (input.lanPasswordSet || input.lanEnabled) {
    items.push({ kind: 'checkbox', action: 'toggle-lan', label: m.desktop_lan_viewing, checked: input.lanEnabled });
    if (input.lanEnabled && input.lanAddress) items.push({ kind: 'label', label: m.desktop_lan_address({ address: input.lanAddress }) });
  } else {
    items.push({ kind: 'label', label: m.desktop_lan_needs_password });
  }
  items.push({ kind: 'separator' }, { kind: 'action', action: 'quit', label: m.desktop_quit });
  return {
    tooltip: `ShopWatch NVR: ${summary.text}${input.armed ? '' : ` · ${m.desktop_tooltip_paused}`}`,
    icon: summary.problem ? 'problem' : input.armed ? 'ok' : 'disarmed',
    items,
  };
}
