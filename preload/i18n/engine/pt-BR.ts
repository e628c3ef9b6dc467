import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
  engine_probe_wrong_password: 'Usuário ou senha incorretos: a câmera os recusou. Use a conta com que você entra na câmera (maiúsculas e minúsculas fazem diferença).',
  engine_camera_wrong_password: (p) => `Usuário ou senha incorretos para ${p.camera}: confira nas configurações da câmera (a câmera recusou o acesso).`,
};
