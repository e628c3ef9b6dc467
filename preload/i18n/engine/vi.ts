import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
  engine_probe_wrong_password: 'Sai tên đăng nhập hoặc mật khẩu: camera đã từ chối. Hãy dùng tài khoản bạn vẫn dùng để đăng nhập vào camera (có phân biệt chữ hoa và chữ thường).',
  engine_probe_not_found: 'Camera đã trả lời, nhưng không có luồng video ở đường dẫn đó: hãy kiểm tra hãng camera (hoặc phần địa chỉ sau cổng, ví dụ /stream1) và kênh.',
  engine_probe_sub_not_found: 'Luồng phụ của camera đã trả lời, nhưng không có luồng video ở đường dẫn đó: hãy kiểm tra hãng camera (hoặc phần địa chỉ sau cổng, ví dụ /stream1) và kênh.',
  engine_probe_refused: 'Camera đã từ chối kết nối: hãy kiểm tra cổng (RTSP thường là 554) và xem RTSP đã được bật trong phần cài đặt camera chưa.',
  engine_probe_sub_refused: 'Luồng phụ của camera đã từ chối kết nối: hãy kiểm tra cổng (RTSP thường là 554) và xem RTSP đã được bật trong phần cài đặt camera chưa.',
  engine_probe_unreachable: 'Không kết nối được tới camera (không có phản hồi hoặc không có đường tới camera): hãy kiểm tra camera đã bật nguồn, cùng mạng, và địa chỉ IP của nó.',
  engine_probe_sub_unreachable: 'Không kết nối được tới luồng phụ của camera (không có phản hồi hoặc không có đường tới camera): hãy kiểm tra camera đã bật nguồn, cùng mạng, và địa chỉ IP của nó.',
  engine_probe_not_video: 'Địa chỉ này không phải luồng video của camera (có trả lời nhưng không gửi video): hãy kiểm tra địa chỉ và hãng camera; địa chỉ trang web (http://…) không phải luồng video.',
  engine_probe_not_camera: 'Địa chỉ đã trả lời, nhưng không phải luồng video của camera (nó không dùng RTSP, giao thức của camera): hãy kiểm tra địa chỉ và cổng (RTSP thường là 554).',
  engine_probe_not_camera_protocol: (p) =>
    `Địa chỉ đã trả lời, nhưng không phải luồng video của camera (nó dùng ${p.protocol}, không phải RTSP): hãy kiểm tra địa chỉ và cổng (RTSP thường là 554).`,
  engine_probe_hung: 'Camera nhận kết nối nhưng không trả lời: có thể camera đã bị treo. Hãy khởi động lại camera (rút nguồn 10 giây), rồi thử lại.',
  engine_probe_sub_hung: 'Luồng phụ của camera nhận kết nối nhưng không trả lời: có thể camera đã bị treo. Hãy khởi động lại camera (rút nguồn 10 giây), rồi thử lại.',
  engine_probe_h265: 'Camera này gửi H.265: ghi hình vẫn hoạt động; phần xem trực tiếp sẽ dùng một bản chuyển đổi có độ phân giải thấp hơn.',
  engine_probe_onvif_addresses: (p) =>
    `Địa chỉ thông thường của ${p.brand} không dùng được với mẫu này; camera đã tự cung cấp địa chỉ của nó (ONVIF), và các địa chỉ đó hoạt động.`,
  engine_probe_sub_dropped_wrong_password:
    'Không mở được luồng phụ (sai tên đăng nhập hoặc mật khẩu: camera đã từ chối). Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.',
  engine_probe_sub_dropped_not_found:
    'Không mở được luồng phụ (không có luồng video ở đường dẫn đó: hãy kiểm tra hãng camera, phần địa chỉ sau cổng và kênh). Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.',
  engine_probe_sub_dropped_refused:
    'Không mở được luồng phụ (kết nối bị từ chối: hãy kiểm tra cổng và xem RTSP đã được bật trên camera chưa). Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.',
  engine_probe_sub_dropped_unreachable:
    'Không mở được luồng phụ (không kết nối được: hãy kiểm tra camera đã bật nguồn, đang trong mạng, và địa chỉ IP của nó). Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.',
  engine_probe_sub_dropped_not_video:
    'Không mở được luồng phụ (địa chỉ có trả lời nhưng không gửi video: hãy kiểm tra địa chỉ và hãng camera). Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.',
  engine_probe_sub_dropped: (p) => `Không mở được luồng phụ (${p.problem}) Camera được lưu mà không có luồng phụ: lưới xem trực tiếp sẽ dùng luồng chính.`,
  engine_probe_no_sub: 'Không có luồng phụ: lưới xem trực tiếp dùng luồng chính (tốn mạng và xử lý hơn cho mỗi ô).',
  engine_probe_sub_h265: 'Luồng phụ là H.265: lưới xem trực tiếp sẽ dùng một bản chuyển đổi của luồng này.',
  engine_probe_g711: 'Camera gửi âm thanh G.711: video được ghi mà không có âm thanh.',
  engine_probe_no_snapshot: 'Luồng video hoạt động, nhưng không chụp được ảnh tĩnh để xem trước: bạn có thể vẽ vùng che sau, trong phần cài đặt camera.',
  engine_onvif_refused: (p) =>
    `Camera tại ${p.host} đã từ chối kết nối ONVIF: hãy kiểm tra cổng ONVIF (thường là 80, 8000 với Reolink, 2020 với Tapo) và xem ONVIF đã được bật chưa.`,
  engine_onvif_unreachable: (p) => `Không kết nối được tới camera tại ${p.host}: hãy kiểm tra camera đã bật nguồn, đang trong mạng, và địa chỉ IP của nó.`,
  engine_onvif_timeout: (p) => `Camera tại ${p.host} không trả lời yêu cầu ONVIF kịp thời: hãy kiểm tra địa chỉ IP và cổng ONVIF.`,
  engine_onvif_timeout_after: (p) => `Camera tại ${p.host} không trả lời yêu cầu ONVIF trong vòng ${p.seconds} giây: hãy kiểm tra địa chỉ IP và cổng ONVIF.`,
  engine_onvif_wrong_password: (p) =>
    `Sai tên đăng nhập hoặc mật khẩu: camera tại ${p.host} đã từ chối với ONVIF (một số camera cần một tài khoản ONVIF riêng).`,
  engine_onvif_not_onvif: (p) => `Camera tại ${p.host} có trả lời, nhưng không phải như một camera ONVIF: hãy kiểm tra cổng ONVIF, hoặc chọn hãng camera.`,
  engine_onvif_error: (p) =>
    `Camera tại ${p.host} trả lời yêu cầu ONVIF bằng một lỗi (${p.error}): hãy chọn hãng camera, hoặc nhập địa chỉ RTSP của nó.`,
  engine_onvif_no_profiles: (p) => `Camera tại ${p.host} có ONVIF nhưng không có cấu hình video nào: hãy nhập địa chỉ RTSP của nó.`,
  engine_onvif_no_rtsp: (p) => `Camera tại ${p.host} không cung cấp địa chỉ RTSP cho cấu hình video: hãy nhập địa chỉ RTSP của nó.`,
  engine_camera_wrong_password: (p) => `Sai tên đăng nhập hoặc mật khẩu của ${p.camera}: hãy kiểm tra trong phần cài đặt camera (camera đã từ chối đăng nhập).`,
  engine_camera_not_found: (p) => `${p.camera} đã trả lời, nhưng không tìm thấy đường dẫn luồng video: hãy kiểm tra phần địa chỉ sau cổng (ví dụ /stream1).`,
  engine_camera_refused: (p) => `${p.camera} đã từ chối kết nối: hãy kiểm tra địa chỉ IP và cổng (RTSP thường là 554), và xem RTSP đã được bật trên camera chưa.`,
  engine_camera_unreachable: (p) => `Không kết nối được tới ${p.camera}: hãy kiểm tra camera đã bật nguồn, đang trong mạng, và địa chỉ IP của nó.`,
  engine_camera_not_video: (p) => `${p.camera} không gửi luồng video mà ứng dụng này đọc được: hãy kiểm tra địa chỉ (đó có phải địa chỉ RTSP của camera không?).`,
  engine_camera_not_video_url: (p) => `Địa chỉ của ${p.camera} không phải luồng video: hãy dùng địa chỉ RTSP của camera (rtsp://…) nếu có.`,
  engine_camera_closed: (p) => `${p.camera} đã đóng luồng video: đang kết nối lại.`,
  engine_camera_stopped: (p) => `${p.camera} đã ngừng truyền video: đang kết nối lại.`,
  engine_camera_no_pictures: (p) => `${p.camera} đã ngừng gửi hình: đang kết nối lại.`,
  engine_camera_not_camera: (p) =>
    `Địa chỉ của ${p.camera} đã trả lời, nhưng không phải luồng video của camera (nó không dùng RTSP, giao thức của camera): hãy kiểm tra địa chỉ và cổng (RTSP thường là 554).`,
  engine_camera_not_camera_protocol: (p) =>
    `Địa chỉ của ${p.camera} đã trả lời, nhưng không phải luồng video của camera (nó dùng ${p.protocol}, không phải RTSP): hãy kiểm tra địa chỉ và cổng (RTSP thường là 554).`,
  engine_camera_hung: (p) =>
    `${p.camera} nhận kết nối nhưng không trả lời: có thể camera đã bị treo. Hãy khởi động lại camera (rút nguồn 10 giây); camera sẽ tự kết nối lại.`,
  engine_camera_turned_off: 'Camera đang tắt',
  engine_recording_waiting: 'Chưa ghi hình: đang chờ hình đầu tiên từ camera.',
  engine_recording_not_reconnecting: 'Không ghi hình: camera không gửi video; đang kết nối lại.',
  engine_recording_not_failed: 'Không ghi hình: camera không gửi video (xem trạng thái của camera).',
  engine_recording_paused_disk_full: 'Đã tạm dừng ghi hình: ổ đĩa đã đầy. Các bản ghi cũ đang được xóa để lấy chỗ trống.',
  engine_disk_full_held: (p) =>
    `Ổ đĩa chứa thư mục dữ liệu đã đầy: sự kiện mới được giữ trong bộ nhớ và sẽ được lưu khi các bản ghi cũ được xóa hoặc khi bạn giải phóng dung lượng (${p.count} đang chờ).`,
  engine_disk_nearly_full: (p) =>
    `Ổ đĩa chứa thư mục dữ liệu đã đầy (còn trống ${p.free}): việc ghi hình sẽ chờ đến khi các bản ghi cũ được xóa hoặc bạn giải phóng dung lượng.`,
  engine_disk_reserve_in_use:
    'Ổ đĩa chứa thư mục dữ liệu đã bị đầy: phần dung lượng dự phòng đang được dùng cho đến khi các bản ghi cũ được xóa hoặc bạn giải phóng dung lượng.',
  engine_folder_missing: (p) =>
    `Thư mục dữ liệu ${p.folder} không còn nữa (bị xóa, bị di chuyển hoặc ổ đĩa bị tháo ra): đã tạm dừng ghi hình và sự kiện mới được giữ trong bộ nhớ; hãy đưa thư mục trở lại (hoặc cắm lại ổ đĩa) và việc ghi hình sẽ tự tiếp tục.`,
  engine_folder_unmounted: (p) =>
    `Ổ đĩa chứa thư mục dữ liệu ${p.folder} không còn được gắn: đã tạm dừng ghi hình và sự kiện mới được giữ trong bộ nhớ; hãy cắm lại hoặc gắn lại ổ đĩa và việc ghi hình sẽ tự tiếp tục.`,
  engine_folder_replaced: (p) =>
    `Thư mục dữ liệu ${p.folder} đã bị thay bằng một thư mục khác: đã tạm dừng ghi hình và sự kiện mới được giữ trong bộ nhớ; hãy đưa thư mục gốc trở lại và việc ghi hình sẽ tự tiếp tục.`,
  engine_folder_copied: (p) =>
    `Thư mục dữ liệu ${p.folder} quay lại dưới dạng một bản sao: đã tạm dừng ghi hình và sự kiện mới được giữ trong bộ nhớ; hãy khởi động lại ShopWatch NVR để mở cơ sở dữ liệu đã sao chép.`,
  engine_no_such_camera: 'Không có camera này (có thể đã bị xóa).',
  engine_no_such_event: 'Không có sự kiện này (có thể đã bị xóa khi dọn dữ liệu cũ).',
  engine_save_disk_full: 'Ổ đĩa chứa thư mục dữ liệu đã đầy: không lưu được thay đổi này. Hãy giải phóng dung lượng rồi thử lại.',
  engine_live_unavailable: (p) => `${p.camera} đang tắt hoặc không truyền được video: không có hình trực tiếp.`,
  engine_live_cannot_stream: (p) => `${p.camera} không truyền được video: không có hình trực tiếp.`,
  engine_live_no_picture_yet: (p) => `${p.camera} chưa gửi hình nào: phần xem trực tiếp sẽ bắt đầu ngay khi có hình.`,
  engine_database_replaced: (p) =>
    `Cơ sở dữ liệu sự kiện đã bị thay thế (bị mất hoặc trống) lúc ${p.when}: ${p.segments} bản ghi và ${p.snapshots} ảnh chụp tìm thấy trong thư mục dữ liệu đã được giữ lại và lập chỉ mục lại; chúng không bị xóa theo thời gian, chỉ bị xóa khi ổ đĩa sắp hết chỗ (cũ nhất trước, sau tất cả các đoạn phim khác).`,
  engine_database_foreign: (p) =>
    `Cơ sở dữ liệu sự kiện đã bị thay bằng cơ sở dữ liệu của một thư mục dữ liệu khác lúc ${p.when}: ${p.segments} bản ghi và ${p.snapshots} ảnh chụp tìm thấy trong thư mục dữ liệu đã được giữ lại và lập chỉ mục lại; chúng không bị xóa theo thời gian, chỉ bị xóa khi ổ đĩa sắp hết chỗ (cũ nhất trước, sau tất cả các đoạn phim khác).`,
  engine_detection_no_model: (p) =>
    `Đã tắt nhận diện người: không tìm thấy tệp mô hình (đã tìm ở ${p.looked}). Phát hiện chuyển động vẫn hoạt động.`,
  engine_detection_no_model_setting: (p) =>
    `Đã tắt nhận diện người: không tìm thấy tệp mô hình đã chọn trong phần Cài đặt (${p.path}). Phát hiện chuyển động vẫn hoạt động.`,
  engine_detection_no_model_env: (p) =>
    `Đã tắt nhận diện người: không tìm thấy tệp mô hình mà NVR_MODEL_PATH chỉ tới (${p.path}). Phát hiện chuyển động vẫn hoạt động.`,
  engine_detection_off: (p) => `Đã tắt nhận diện người: ${p.error}`,
};
