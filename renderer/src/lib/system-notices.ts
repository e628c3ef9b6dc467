// What the owner must know about the whole system, one sentence each (the shell's banners), from the health figures.
import type { Health } from '../../../preload/contract.ts';
import { engineWords } from './engine-words.ts';

export function systemNotices(system: Pick<Health['system'], 'detection' | 'notifications' | 'retention'>): string[] {
  const out: string[] = [];
  if (!system.detection.enabled && system.detection.reason) out.push(engineWords(system.detection.reasonMessage, system.detection.reason));
  if (!system.notifications.ok && system.notifications.lastError) out.push(system.notifications.lastError);
  if (system.retention.lastError) out.push(system.retention.lastError);
  return out;
}
