import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
  engine_probe_wrong_password: 'Usuário ou senha incorretos: a câmera os recusou. Use a conta com que você entra na câmera (maiúsculas e minúsculas fazem diferença).',
  engine_probe_not_found: 'A câmera respondeu, mas não tem vídeo nesse caminho: confira a marca (ou a parte do endereço depois da porta, como /stream1) e o canal.',
  engine_probe_sub_not_found: 'O fluxo secundário da câmera respondeu, mas não tem vídeo nesse caminho: confira a marca (ou a parte do endereço depois da porta, como /stream1) e o canal.',
  engine_probe_refused: 'A câmera recusou a conexão: confira a porta (o RTSP costuma usar a 554) e se o RTSP está ativado nas configurações da câmera.',
  engine_probe_sub_refused: 'O fluxo secundário da câmera recusou a conexão: confira a porta (o RTSP costuma usar a 554) e se o RTSP está ativado nas configurações da câmera.',
  engine_probe_unreachable: 'Não foi possível alcançar a câmera (sem resposta ou sem rota até ela): confira se ela está ligada e na mesma rede, e o endereço IP dela.',
  engine_probe_sub_unreachable: 'Não foi possível alcançar o fluxo secundário da câmera (sem resposta ou sem rota até ele): confira se a câmera está ligada e na mesma rede, e o endereço IP dela.',
  engine_probe_not_video: 'Esse endereço não é o vídeo de uma câmera (ele respondeu, mas não enviou vídeo): confira o endereço e a marca; o endereço de uma página web (http://…) não é o vídeo.',
  engine_probe_not_camera: 'O endereço respondeu, mas não é o vídeo de uma câmera (ele não fala RTSP, o protocolo das câmeras): confira o endereço e a porta (o RTSP costuma usar a 554).',
  engine_probe_not_camera_protocol: (p) =>
    `O endereço respondeu, mas não é o vídeo de uma câmera (ele fala ${p.protocol}, não RTSP): confira o endereço e a porta (o RTSP costuma usar a 554).`,
  engine_probe_hung: 'A câmera aceita conexões, mas não responde: ela pode estar travada. Reinicie a câmera (tire da tomada por 10 segundos) e teste de novo.',
  engine_probe_sub_hung: 'O fluxo secundário da câmera aceita conexões, mas não responde: a câmera pode estar travada. Reinicie a câmera (tire da tomada por 10 segundos) e teste de novo.',
  engine_probe_h265: 'Esta câmera envia H.265: a gravação funciona; a visualização ao vivo vai usar uma cópia convertida, em resolução menor.',
  engine_probe_onvif_addresses: (p) =>
    `O endereço comum da ${p.brand} não funcionou neste modelo; a própria câmera informou os endereços dela (ONVIF), e eles funcionam.`,
  engine_probe_sub_dropped_wrong_password:
    'O fluxo secundário não abriu (usuário ou senha incorretos: a câmera os recusou). A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.',
  engine_probe_sub_dropped_not_found:
    'O fluxo secundário não abriu (não há vídeo nesse caminho: confira a marca, a parte do endereço depois da porta e o canal). A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.',
  engine_probe_sub_dropped_refused:
    'O fluxo secundário não abriu (a conexão foi recusada: confira a porta e se o RTSP está ativado na câmera). A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.',
  engine_probe_sub_dropped_unreachable:
    'O fluxo secundário não abriu (não foi possível alcançá-lo: confira se a câmera está ligada e na rede, e o endereço IP dela). A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.',
  engine_probe_sub_dropped_not_video:
    'O fluxo secundário não abriu (o endereço respondeu, mas não enviou vídeo: confira o endereço e a marca). A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.',
  engine_probe_sub_dropped: (p) => `O fluxo secundário não abriu (${p.problem}) A câmera foi salva sem ele: a grade ao vivo usa o fluxo principal.`,
  engine_probe_no_sub: 'Sem fluxo secundário: a grade ao vivo usa o fluxo principal (mais rede e mais processamento por quadro).',
  engine_probe_sub_h265: 'O fluxo secundário é H.265: a grade ao vivo vai usar uma cópia convertida dele.',
  engine_probe_g711: 'A câmera envia som G.711: o vídeo é gravado sem o som.',
  engine_probe_no_snapshot: 'O vídeo funciona, mas não foi possível tirar uma foto dele para a prévia: as máscaras podem ser desenhadas depois, nas configurações da câmera.',
  engine_onvif_refused: (p) =>
    `A câmera em ${p.host} recusou a conexão ONVIF: confira a porta ONVIF (muitas vezes 80, 8000 na Reolink, 2020 na Tapo) e se o ONVIF está ativado.`,
  engine_onvif_unreachable: (p) => `Não foi possível alcançar a câmera em ${p.host}: confira se ela está ligada e na rede, e o endereço IP dela.`,
  engine_onvif_timeout: (p) => `A câmera em ${p.host} não respondeu às solicitações ONVIF a tempo: confira o endereço IP e a porta ONVIF.`,
  engine_onvif_timeout_after: (p) => `A câmera em ${p.host} não respondeu às solicitações ONVIF em ${p.seconds} s: confira o endereço IP e a porta ONVIF.`,
  engine_onvif_wrong_password: (p) =>
    `Usuário ou senha incorretos: a câmera em ${p.host} os recusou para o ONVIF (algumas câmeras precisam de um usuário ONVIF separado).`,
  engine_onvif_not_onvif: (p) => `A câmera em ${p.host} respondeu, mas não como uma câmera ONVIF: confira a porta ONVIF ou escolha a marca da câmera.`,
  engine_onvif_error: (p) =>
    `A câmera em ${p.host} respondeu às solicitações ONVIF com um erro (${p.error}): escolha a marca da câmera ou digite o endereço RTSP dela.`,
  engine_onvif_no_profiles: (p) => `A câmera em ${p.host} responde ONVIF, mas não oferece nenhum perfil de vídeo: digite o endereço RTSP dela.`,
  engine_onvif_no_rtsp: (p) => `A câmera em ${p.host} não informou um endereço RTSP para o perfil de vídeo: digite o endereço RTSP dela.`,
  engine_camera_wrong_password: (p) => `Usuário ou senha incorretos para ${p.camera}: confira nas configurações da câmera (a câmera recusou o acesso).`,
  engine_camera_not_found: (p) => `${p.camera} respondeu, mas o caminho do vídeo não foi encontrado: confira a parte do endereço depois da porta (por exemplo /stream1).`,
  engine_camera_refused: (p) => `${p.camera} recusou a conexão: confira o endereço IP e a porta (o RTSP costuma usar a 554), e se o RTSP está ativado na câmera.`,
  engine_camera_unreachable: (p) => `Não foi possível alcançar ${p.camera}: confira se ela está ligada e na rede, e o endereço IP dela.`,
  engine_camera_not_video: (p) => `${p.camera} não enviou um vídeo que este aplicativo consiga ler: confira o endereço (é o endereço RTSP da câmera?).`,
  engine_camera_not_video_url: (p) => `O endereço de ${p.camera} não é um vídeo: use o endereço RTSP da câmera (rtsp://…), se ela tiver um.`,
  engine_camera_closed: (p) => `${p.camera} fechou a transmissão: reconectando.`,
  engine_camera_stopped: (p) => `${p.camera} parou de transmitir: reconectando.`,
  engine_camera_no_pictures: (p) => `${p.camera} parou de enviar imagens: reconectando.`,
  engine_camera_not_camera: (p) =>
    `O endereço de ${p.camera} respondeu, mas não é o vídeo de uma câmera (ele não fala RTSP, o protocolo das câmeras): confira o endereço e a porta (o RTSP costuma usar a 554).`,
  engine_camera_not_camera_protocol: (p) =>
    `O endereço de ${p.camera} respondeu, mas não é o vídeo de uma câmera (ele fala ${p.protocol}, não RTSP): confira o endereço e a porta (o RTSP costuma usar a 554).`,
  engine_camera_hung: (p) =>
    `${p.camera} aceita conexões, mas não responde: ela pode estar travada. Reinicie a câmera (tire da tomada por 10 segundos); ela se reconecta sozinha.`,
  engine_camera_turned_off: 'A câmera está desligada',
  engine_recording_waiting: 'Ainda não está gravando: aguardando a primeira imagem da câmera.',
  engine_recording_not_reconnecting: 'Não está gravando: a câmera não está enviando vídeo; reconectando.',
  engine_recording_not_failed: 'Não está gravando: a câmera não está enviando vídeo (veja o status dela).',
  engine_recording_paused_disk_full: 'Gravação pausada: o disco está cheio. As gravações antigas estão sendo apagadas para liberar espaço.',
  engine_disk_full_held: (p) =>
    `O disco da pasta de dados está cheio: os novos eventos ficam na memória e são salvos quando as gravações antigas forem apagadas ou quando você liberar espaço (${p.count} aguardando).`,
  engine_disk_nearly_full: (p) =>
    `O disco da pasta de dados está cheio (${p.free} livres): a gravação espera até que as gravações antigas sejam apagadas ou você libere espaço.`,
  engine_disk_reserve_in_use:
    'O disco da pasta de dados ficou cheio: o espaço guardado de reserva está em uso até que as gravações antigas sejam apagadas ou você libere espaço.',
  engine_folder_missing: (p) =>
    `A pasta de dados ${p.folder} sumiu (apagada, movida ou o disco foi removido): a gravação está pausada e os novos eventos ficam na memória; coloque a pasta de volta (ou reconecte o disco) e a gravação volta sozinha.`,
  engine_folder_unmounted: (p) =>
    `O disco da pasta de dados ${p.folder} não está mais montado: a gravação está pausada e os novos eventos ficam na memória; reconecte ou monte o disco de novo e a gravação volta sozinha.`,
  engine_folder_replaced: (p) =>
    `A pasta de dados ${p.folder} foi trocada por outra pasta: a gravação está pausada e os novos eventos ficam na memória; coloque a pasta original de volta e a gravação volta sozinha.`,
  engine_folder_copied: (p) =>
    `A pasta de dados ${p.folder} voltou como uma cópia: a gravação está pausada e os novos eventos ficam na memória; reinicie o ShopWatch NVR para que ele abra o banco de dados copiado.`,
  engine_no_such_camera: 'Essa câmera não existe (ela pode ter sido removida).',
  engine_no_such_event: 'Esse evento não existe (ele pode ter sido apagado pela limpeza automática).',
  engine_save_disk_full: 'O disco da pasta de dados está cheio: esta alteração não foi salva. Libere espaço e tente de novo.',
  engine_live_unavailable: (p) => `${p.camera} está desligada ou não consegue transmitir: não há imagem ao vivo.`,
  engine_live_cannot_stream: (p) => `${p.camera} não consegue transmitir: não há imagem ao vivo.`,
  engine_live_no_picture_yet: (p) => `${p.camera} ainda não enviou nenhuma imagem: a visualização ao vivo começa assim que ela enviar.`,
  engine_database_replaced: (p) =>
    `O banco de dados de eventos foi substituído (estava faltando ou vazio) em ${p.when}: ${p.segments === 1 ? '1 gravação' : `${p.segments} gravações`} e ${p.snapshots === 1 ? '1 foto' : `${p.snapshots} fotos`} encontradas na pasta de dados foram mantidas e indexadas de novo; elas não são apagadas pela idade, só quando falta espaço no disco (as mais antigas primeiro, depois de todas as outras gravações).`,
  engine_database_foreign: (p) =>
    `O banco de dados de eventos foi substituído por um de outra pasta de dados em ${p.when}: ${p.segments === 1 ? '1 gravação' : `${p.segments} gravações`} e ${p.snapshots === 1 ? '1 foto' : `${p.snapshots} fotos`} encontradas na pasta de dados foram mantidas e indexadas de novo; elas não são apagadas pela idade, só quando falta espaço no disco (as mais antigas primeiro, depois de todas as outras gravações).`,
  engine_detection_no_model: (p) =>
    `A detecção de pessoas está desligada: nenhum arquivo de modelo foi encontrado (procurado em ${p.looked}). A detecção de movimento continua funcionando.`,
  engine_detection_no_model_setting: (p) =>
    `A detecção de pessoas está desligada: o arquivo de modelo escolhido nas Configurações não foi encontrado (${p.path}). A detecção de movimento continua funcionando.`,
  engine_detection_no_model_env: (p) =>
    `A detecção de pessoas está desligada: o arquivo de modelo indicado por NVR_MODEL_PATH não foi encontrado (${p.path}). A detecção de movimento continua funcionando.`,
  engine_detection_off: (p) => `A detecção de pessoas está desligada: ${p.error}`,
};
