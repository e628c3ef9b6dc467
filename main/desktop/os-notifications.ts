// An OS notification through Electron, shown by the desktop's notification service: resolves once shown, rejects
// with one sentence when the system has none. The policy is the core's Notifier (notification-routing.ts routes it).
import { nativeImage, Notification } from 'electron';
import { existsSync } from 'node:fs';
import type { Presenter } from './notification-routing.ts';

const shown = new Set<Notification>(); // kept referenced until closed, or clicks are lost to the garbage collector

export const presentNotification: Presenter = (spec, onClick) =>
  new Promise<void>((resolve, reject) => {
    if (!Notification.isSupported()) {
      reject(new Error('Desktop notifications are not available: this system has no notification service.'));
      return;
    }
    const icon = spec.iconPath && existsSync(spec.iconPath) ? nativeImage.createFromPath(spec.iconPath) : undefined;
    const n = new Notification({ title: spec.title, body: spec.body, ...(icon && !icon.isEmpty() ? { icon } : {}) });
    shown.add(n);
    n.on('show', () => resolve());
    n.on('failed', (_event, error) => {
      shown.delete(n);
      reject(new Error(`Desktop notifications are not available: ${error}`));
    });
    n.on('click', () => {
      shown.delete(n);
      onClick();
    });
    n.on('close', () => shown.delete(n));
    n.show();
  });
