// The engine's sentences in English, the source language: what the core says about cameras, the disk, detection and
// the rest, sent across the contract as a message key with parameters and shown in the owner's language (the CLI
// and the logs keep the English). A message without parameters is a string; one with parameters is a function of
// them. Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has the type below.
export const engine = {
  engine_probe_wrong_password: 'Wrong username or password: the camera refused them. Use the account you log in to the camera with (user names and passwords are case-sensitive).',
  engine_camera_wrong_password: (p: { camera: string }) => `Wrong username or password for ${p.camera}: check them in the camera's settings (the camera refused to log in).`,
};

export type EngineMessages = typeof engine;
