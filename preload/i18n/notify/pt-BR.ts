import type { NotifyMessages } from './en.ts';

export const notify: NotifyMessages = {
  notify_title_motion: (p) => `Movimento em ${p.camera}`,
  notify_title_person: (p) => `Pessoa em ${p.camera}`,
  notify_title_loitering: (p) => `Pessoa parada há muito tempo em ${p.camera}`,
  notify_held_people: (p) => (p.count === 1 ? '1 pessoa' : `${p.count} pessoas`),
  notify_held_events: (p) => (p.count === 1 ? '1 evento' : `${p.count} eventos`),
  notify_held_other_events: (p) => (p.count === 1 ? '1 outro evento' : `${p.count} outros eventos`),
  notify_held_both: (p) => `${p.people} e ${p.other}`,
  notify_held_since: (p) => `${p.held} desde ${p.time}`,
  notify_offline_title: (p) => `${p.camera} está offline`,
  notify_offline_since: (p) => `sem imagem desde ${p.time}`,
  notify_online_title: (p) => `${p.camera} voltou a ficar online`,
  notify_online_at: (p) => `de volta às ${p.time}`,
  notify_test_title: 'Alerta de teste do ShopWatch NVR',
  notify_test_body: (p) => `Este é um teste do ShopWatch NVR no canal "${p.channel}": os alertas vão chegar aqui.`,
  notify_link_event: (p) => `Evento: ${p.url}`,
  notify_link_clip: (p) => `Clipe: ${p.url}`,
  notify_link_snapshot: (p) => `Imagem: ${p.url}`,
  notify_snapshot_not_sent: (p) => `(Não foi possível enviar a imagem: ${p.why}.)`,
  notify_snapshot_refused_by_telegram: 'o Telegram recusou a imagem',
  notify_folder_paused_title: 'Gravação pausada: a pasta de dados não está disponível',
  notify_folder_back_title: 'Gravação retomada: a pasta de dados voltou',
  notify_folder_back_body: (p) =>
    `A pasta de dados ${p.folder} voltou: a gravação foi retomada e os eventos guardados nesse meio-tempo foram salvos.`,
};
