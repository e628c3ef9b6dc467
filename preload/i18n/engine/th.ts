import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
  engine_probe_wrong_password: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กล้องไม่ยอมรับ ใช้บัญชีเดียวกับที่ใช้เข้าสู่ระบบกล้อง (ตัวพิมพ์ใหญ่และเล็กมีผล)',
  engine_camera_wrong_password: (p) => `ชื่อผู้ใช้หรือรหัสผ่านของ ${p.camera} ไม่ถูกต้อง ตรวจสอบในการตั้งค่ากล้อง (กล้องไม่ยอมให้เข้าสู่ระบบ)`,
};
