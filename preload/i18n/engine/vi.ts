import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
  engine_probe_wrong_password: 'Sai tên đăng nhập hoặc mật khẩu: camera đã từ chối. Hãy dùng tài khoản bạn vẫn dùng để đăng nhập vào camera (có phân biệt chữ hoa và chữ thường).',
  engine_camera_wrong_password: (p) => `Sai tên đăng nhập hoặc mật khẩu của ${p.camera}: hãy kiểm tra trong phần cài đặt camera (camera đã từ chối đăng nhập).`,
};
