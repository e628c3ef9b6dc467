import { describe, expect, it } from 'vitest';
import { cameraTarget, relayAddress, rtspUrlMap, toCamera, toClient } from '../../../../main/core/capture/rtsp-url-map.ts';
import { tokenOf } from '../../../../main/core/capture/rtsp-relay-session.ts';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWx';
const PREFIX = `rtsp://127.0.0.1:40001/${TOKEN}`;

describe('relay URL rewriting', () => {
  it('keeps the path and query, swaps the origin', () => {
    const map = rtspUrlMap('rtsp://192.168.1.64/Streaming/Channels/101?transportmode=unicast', PREFIX);
    expect(relayAddress(map)).toBe(`${PREFIX}/Streaming/Channels/101?transportmode=unicast`);
    expect(toCamera(`DESCRIBE ${PREFIX}/Streaming/Channels/101?transportmode=unicast RTSP/1.0`, map)).toBe(
      'DESCRIBE rtsp://192.168.1.64:554/Streaming/Channels/101?transportmode=unicast RTSP/1.0',
    );
    expect(tokenOf(relayAddress(map))).toBe(TOKEN);
    expect(tokenOf('rtsp://127.0.0.1:40001/short')).toBeNull();
  });

  it('maps every spelling of the camera back: default port or not, echoed credentials, RTP-Info lists, SDP bodies', () => {
    const map = rtspUrlMap('rtsp://Cam.Local/live', PREFIX);
    expect(toClient('rtsp://cam.local/live/', map)).toBe(`${PREFIX}/live/`);
    expect(toClient('rtsp://cam.local:554/live/', map)).toBe(`${PREFIX}/live/`);
    expect(toClient('rtsp://admin:secret@cam.local/live/', map)).toBe(`${PREFIX}/live/`);
    expect(toClient('url=rtsp://cam.local/live/track1;seq=1;rtptime=2,url=rtsp://cam.local:554/live/track2;seq=3', map)).toBe(
      `url=${PREFIX}/live/track1;seq=1;rtptime=2,url=${PREFIX}/live/track2;seq=3`,
    );
    expect(toClient('a=control:rtsp://cam.local/live/trackID=1\r\na=control:trackID=2', map)).toBe(`a=control:${PREFIX}/live/trackID=1\r\na=control:trackID=2`);
    // Another port, another host, a longer host name: not this camera, left alone.
    expect(toClient('rtsp://cam.local:8554/x', map)).toBe('rtsp://cam.local:8554/x');
    expect(toClient('rtsp://cam.local.example/x', map)).toBe('rtsp://cam.local.example/x');
    expect(toClient('rtsp://10.0.0.9/x', map)).toBe('rtsp://10.0.0.9/x');
  });

  it('a camera on a non-default port, IPv6 and rtsps', () => {
    const map = rtspUrlMap('rtsp://127.0.0.1:8554/stream', PREFIX);
    expect(toClient('rtsp://127.0.0.1:8554/stream/stream=0', map)).toBe(`${PREFIX}/stream/stream=0`);
    expect(toClient('rtsp://127.0.0.1/stream', map)).toBe('rtsp://127.0.0.1/stream');
    expect(toCamera(`SETUP ${PREFIX}/stream/stream=0 RTSP/1.0`, map)).toBe('SETUP rtsp://127.0.0.1:8554/stream/stream=0 RTSP/1.0');
    // The relay's own address is never mistaken for the camera's.
    expect(toClient(PREFIX + '/stream', map)).toBe(PREFIX + '/stream');
    expect(cameraTarget('rtsp://[fe80::1]:10554/a')).toEqual({ scheme: 'rtsp', host: '[fe80::1]', port: 10554, path: '/a' });
    const tls = rtspUrlMap('rtsps://cam/s', PREFIX);
    expect(tls).toMatchObject({ tls: true, port: 322, cameraOrigin: 'rtsps://cam:322' });
    expect(toClient('rtsps://cam/s/track1', tls)).toBe(`${PREFIX}/s/track1`);
    expect(cameraTarget('http://cam/x')).toBeNull();
  });

  it('never rewrites a longer token that starts with this one', () => {
    const map = rtspUrlMap('rtsp://cam/s', PREFIX);
    expect(toCamera(`${PREFIX}X/s`, map)).toBe(`${PREFIX}X/s`);
  });
});
