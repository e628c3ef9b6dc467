import type { DesktopMessages } from './en.ts';

const cameras = (n: number) => (n === 1 ? '1 câmera' : `${n} câmeras`);

export const desktop: DesktopMessages = {
  desktop_no_cameras: 'Nenhuma câmera ainda',
  desktop_cameras_all_off: (p) => `${cameras(p.count)}, ${p.count === 1 ? 'desligada' : 'todas desligadas'}`,
  desktop_cameras_starting: (p) => `${cameras(p.count)}, ${p.starting} iniciando`,
  desktop_cameras_watching: (p) => `${cameras(p.count)} vigiando`,
  desktop_cameras_problem: (p) => `${p.failing} de ${cameras(p.count)} com problema: ${p.names}`,
  desktop_notifications_on: 'Notificações ativadas',
  desktop_notifications_paused: 'Notificações pausadas',
  desktop_open: 'Abrir o ShopWatch NVR',
  desktop_disarm: 'Pausar notificações (desarmar)',
  desktop_arm: 'Retomar notificações (armar)',
  desktop_start_at_login: 'Iniciar quando eu entrar no computador',
  desktop_lan_viewing: 'Ver pelo celular na rede da loja',
  desktop_lan_address: (p) => `No celular, abra ${p.address}`,
  desktop_lan_needs_password: 'Ver pelo celular: defina antes uma senha de LAN (nvr lan-password)',
  desktop_quit: 'Sair (para a gravação)',
  desktop_tooltip_paused: 'notificações pausadas',
  desktop_pick_exports_title: 'Escolha onde salvar as exportações',
  desktop_pick_exports_button: 'Salvar exportações aqui',
  desktop_save_picture: 'Salvar a imagem',
  desktop_save_video: 'Salvar o vídeo',
  desktop_save: 'Salvar',
  desktop_jpeg_picture: 'Imagem JPEG',
  desktop_mp4_video: 'Vídeo MP4',
  desktop_still_running: 'Ainda vigiando as câmeras. Abra de novo pelo ícone na bandeja; Sair fica no menu dele.',
  desktop_start_failed: 'O ShopWatch NVR não conseguiu iniciar',
  desktop_start_failed_log: (p) => `O registro está em ${p.folder}.`,
};
