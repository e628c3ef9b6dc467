// Service mode's fixed defaults. 8554 is RTSP's; 7480 is clear of the usual camera and NVR ports.
export const DEFAULT_PORT = 7480;
export const DEFAULT_HOST = '127.0.0.1';
