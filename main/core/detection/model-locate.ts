// Where the person-detection model is. In order: the path set in Settings, the NVR_MODEL_PATH environment variable,
// the packaged app's resources (process.resourcesPath/models, Electron), the project's resources/models (filled by
// scripts/fetch-model.mjs). A path the user chose (Settings or NVR_MODEL_PATH) is used alone: when it is wrong the
// app says so rather than quietly using another model. Nothing is downloaded here.
import { statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../util/worker-path.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

export const MODEL_FILE_NAME = 'yolox_nano.onnx';

/**
 * Found: the path and where it came from. Not found: a sentence for the UI. (`reason: null` on the found side lets a
 * caller write `if (loc.path) … else loc.reason`: a string path cannot be narrowed away by truthiness on its own.)
 */
export type ModelLocation = { path: string; source: string; shipped: boolean; reason: null } | { path: null; reason: string; said: Said; looked: string[] };

export interface LocateModelOptions {
  settingsPath: string | null;
  env?: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath when packaged (read from `process` when not given). */
  resourcesPath?: string | null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The sentence for no model found, having looked in these places. */
export function noModelSaid(looked: string[]): Said {
  return say('engine_detection_no_model', { looked: looked.join(', ') });
}

function notFound(looked: string[], said: Said = noModelSaid(looked)): { path: null; reason: string; said: Said; looked: string[] } {
  return { path: null, reason: said.text, said, looked };
}

export function locateModel(options: LocateModelOptions): ModelLocation {
  const env = options.env ?? process.env;

  const chosen = options.settingsPath?.trim();
  if (chosen) {
    const p = path.resolve(chosen);
    return isFile(p) ? { path: p, source: 'settings', shipped: false, reason: null } : notFound([p], say('engine_detection_no_model_setting', { path: p }));
  }
  const fromEnv = env.NVR_MODEL_PATH?.trim();
  if (fromEnv) {
    const p = path.resolve(fromEnv);
    return isFile(p) ? { path: p, source: 'NVR_MODEL_PATH', shipped: false, reason: null } : notFound([p], say('engine_detection_no_model_env', { path: p }));
  }

  // The app's own copies: they must be the shipped model exactly (checked before loading, model-check.ts).
  const candidates: { path: string; source: string; shipped: true; reason: null }[] = [];
  const resourcesPath =
    options.resourcesPath !== undefined ? options.resourcesPath : ((process as { resourcesPath?: string }).resourcesPath ?? null);
  if (resourcesPath) candidates.push({ path: path.join(resourcesPath, 'models', MODEL_FILE_NAME), source: 'packaged app resources', shipped: true, reason: null });
  candidates.push({ path: path.join(projectRoot(), 'resources', 'models', MODEL_FILE_NAME), source: 'project resources', shipped: true, reason: null });

  for (const c of candidates) if (isFile(c.path)) return c;
  return notFound(candidates.map((c) => c.path));
}
