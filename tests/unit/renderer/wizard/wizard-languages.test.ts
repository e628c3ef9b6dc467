// The camera wizard in the owner's language: what its pure parts write comes from the catalog they are given, English
// when none is (word for word what the wizard said before), and what the settings schema refuses is said with the
// wizard's own messages — in English exactly the sentence the core answers for the same request.
import { describe, expect, it } from 'vitest';
import { BRANDS, brandStreamUrls, parseHost } from '../../../../preload/camera-brands.ts';
import { parseRequestInput } from '../../../../preload/contract.ts';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import { en } from '../../../../preload/i18n/catalog.ts';
import { movedCredentialsKey, movedCredentialsMessage } from '../../../../preload/pasted-address.ts';
import { addressMessage, brandHint, brandLabel } from '../../../../renderer/src/wizard/brand-words.ts';
import { addLine, namesProblem, parseLoiterSeconds, syncLoiterZones } from '../../../../renderer/src/wizard/line-edit.ts';
import { closeDraft } from '../../../../renderer/src/wizard/polygon-edit.ts';
import { saveProblem } from '../../../../renderer/src/wizard/schema-problems.ts';
import { describeStream, emptyFind, sourceFromFind, STEPS, stepLabel, suggestName, takeCredentials } from '../../../../renderer/src/wizard/wizard-logic.ts';

const th = catalogs.th;
const ptBR = catalogs['pt-BR'];
const vi = catalogs.vi;
const THAI = /[\u0E00-\u0E7F]/;

/** Every failure parseHost and brandStreamUrls can give, one input each. */
const badAddresses = ['', 'x'.repeat(254), 'rtsp://10.0.0.2/live', 'admin@10.0.0.2', '10.0.0.2/live', '-cam', '10.0.0.300', '10.0.0.2:70000'];

describe('the wizard in the owner\'s language', () => {
  it('names the brands and their hints: makers\' names as they are, the words around them translated', () => {
    for (const brand of BRANDS) {
      expect(brandLabel(brand)).toBe(brand.label);
      expect(brandHint(brand)).toBe(brand.hint);
      expect(brandHint(brand, th) === null).toBe(brand.hint === null);
    }
    const hikvision = BRANDS.find((b) => b.id === 'hikvision')!;
    expect(brandLabel(hikvision, th)).toBe('Hikvision (รวมถึง HiLook, Annke)');
    expect(brandLabel(BRANDS.find((b) => b.id === 'url')!, ptBR)).toBe('Tenho o endereço RTSP completo');
    expect(brandLabel(BRANDS.find((b) => b.id === 'foscam')!, vi)).toBe('Foscam');
    expect(brandHint(BRANDS.find((b) => b.id === 'tapo')!, vi)).toBe(vi.wizard_hint_tapo);
  });

  it('says every address check\'s sentence in the chosen language (English word for word)', () => {
    const sentences = badAddresses.map((a) => {
      const r = parseHost(a);
      if (r.ok) throw new Error(`${a} passed`);
      return r.message;
    });
    const channel = brandStreamUrls({ brand: 'hikvision', address: '10.0.0.2', channel: 65 });
    const port = brandStreamUrls({ brand: 'hikvision', address: '10.0.0.2', port: 0 });
    const template = brandStreamUrls({ brand: 'onvif', address: '10.0.0.2' });
    for (const r of [channel, port, template]) if (!r.ok) sentences.push(r.message);
    expect(new Set(sentences).size).toBe(sentences.length - 1); // two checks say the same about the port
    for (const sentence of sentences) {
      expect(addressMessage(sentence)).toBe(sentence);
      for (const catalog of [th, ptBR, vi]) {
        const said = addressMessage(sentence, catalog);
        expect(said).not.toBe(sentence);
        // Not the frame for an unknown sentence: each one has its own message.
        expect(said).not.toContain(sentence);
      }
      expect(addressMessage(sentence, th)).toMatch(THAI);
    }
    expect(addressMessage('10.0.0.300 is not a valid IP address: it needs four numbers from 0 to 255, like 192.168.1.20', vi)).toBe(
      vi.wizard_address_bad_ip({ host: '10.0.0.300' }),
    );
    // A sentence the wizard does not know yet is still shown, inside the language's frame.
    expect(addressMessage('Something new', ptBR)).toBe(ptBR.wizard_address_other({ detail: 'Something new' }));
    expect(addressMessage('Something new')).toBe('Something new');
  });

  it('checks step 1 in the chosen language', () => {
    expect(sourceFromFind({ ...emptyFind(), brand: 'tapo', address: '' }, th)).toEqual({ ok: false, field: 'address', message: th.wizard_enter_ip });
    expect(sourceFromFind({ ...emptyFind(), brand: 'tapo', address: '10.0.0.2', port: 'x' }, ptBR)).toEqual({ ok: false, field: 'port', message: ptBR.wizard_port_range_optional });
    expect(sourceFromFind({ ...emptyFind(), brand: 'url', mainUrl: '10.0.0.2/live' }, vi)).toEqual({ ok: false, field: 'mainUrl', message: vi.wizard_url_scheme });
    expect(sourceFromFind({ ...emptyFind(), brand: 'reolink', address: '10.0.0.2', channel: '99' }, th)).toMatchObject({ message: th.wizard_channel_range });
    expect(sourceFromFind({ ...emptyFind(), brand: 'tapo', address: '' })).toMatchObject({ message: "Enter the camera's IP address, for example 192.168.1.20" });
  });

  it('says what a pasted address gave up, by key', () => {
    expect(movedCredentialsKey({ username: 'a', password: 'b' })).toBe('wizard_moved_both');
    expect(movedCredentialsKey({ username: null, password: 'b' })).toBe('wizard_moved_password');
    expect(movedCredentialsKey({ username: 'a', password: null })).toBe('wizard_moved_username');
    expect(movedCredentialsKey({ username: null, password: null })).toBeNull();
    expect(movedCredentialsMessage({ username: 'a', password: 'b' }, th)).toBe(th.wizard_moved_both);
    const taken = takeCredentials('rtsp://admin:secret@10.0.0.2/live', vi);
    expect(taken).toEqual({ url: 'rtsp://10.0.0.2/live', moved: { username: 'admin', password: 'secret' }, message: vi.wizard_moved_both });
    expect(taken.message).not.toContain('secret');
  });

  it('describes streams, steps and suggested names in the chosen language', () => {
    const stream = { codec: 'h264', width: 1920, height: 1080, fps: 12.5, audio: null };
    expect(describeStream(stream)).toBe('H.264 1920×1080 at 12.5 fps, no sound');
    expect(describeStream(stream, ptBR)).toBe('H.264 1920×1080 a 12.5 fps, sem som');
    expect(describeStream({ ...stream, fps: null, audio: 'aac' }, vi)).toBe('H.264 1920×1080, có tiếng (aac)');
    expect(describeStream(stream, th)).toBe('H.264 1920×1080 12.5 เฟรม/วินาที ไม่มีเสียง');
    expect(STEPS.map((s) => stepLabel(s.id))).toEqual(['Find', 'Sign in', 'Test', 'Settings', 'Zones']);
    expect(STEPS.map((s) => stepLabel(s.id, th)).every((l) => THAI.test(l))).toBe(true);
    expect(suggestName({ ...emptyFind(), brand: 'hikvision' }, [])).toBe('Hikvision camera');
    expect(suggestName({ ...emptyFind(), brand: 'hikvision' }, ['กล้อง Hikvision'], th)).toBe('กล้อง Hikvision 2');
    expect(suggestName({ ...emptyFind(), brand: 'url' }, [], ptBR)).toBe('Câmera');
  });

  it('draws and names lines and zones in the chosen language', () => {
    expect(addLine([], [0.5, 0.5], [0.505, 0.51], vi)).toEqual({ ok: false, message: vi.wizard_line_too_short });
    const drawn = addLine([], [0.1, 0.5], [0.9, 0.5], ptBR);
    expect(drawn.ok && drawn.lines[0]!.name).toBe('Linha 1');
    expect(syncLoiterZones([], [[[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]], th)[0]!.name).toBe('โซน 1');
    expect(parseLoiterSeconds('3', th)).toEqual({ ok: false, message: th.wizard_loiter_seconds({ min: 5, max: 3600 }) });
    expect(closeDraft([], [[0, 0], [1, 1]], ptBR)).toEqual({ ok: false, message: ptBR.wizard_shape_min_points({ min: 3 }) });
    expect(namesProblem([{ name: 'Till' }, { name: ' till ' }], th.wizard_noun_counting_line, th)).toBe('มีเส้นนับคนสองรายการที่ชื่อ "till" ตั้งชื่อให้ไม่ซ้ำกัน');
    expect(namesProblem([{ name: '' }], ptBR.wizard_noun_loiter_zone, ptBR)).toBe('Toda zona de permanência precisa de um nome.');
  });
});

describe('what the settings schema refuses, as the wizard says it', () => {
  const line = (name: string, a: [number, number], b: [number, number]) => ({ name, a, b });
  const zone = (name: string) => ({ name, polygon: [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]] as [number, number][], seconds: 30 });
  const base = { name: 'Till', mainUrl: 'rtsp://10.0.0.2/live' };
  const adds: Array<[string, Record<string, unknown>, string]> = [
    ['no name', { ...base, name: '   ' }, en.wizard_issue_camera_name_missing],
    ['a long name', { ...base, name: 'x'.repeat(81) }, en.wizard_issue_camera_name_long({ max: 80 })],
    ['a control character', { ...base, name: 'Till\u0007' }, en.wizard_issue_camera_name_control],
    ['no address', { ...base, mainUrl: '' }, en.wizard_issue_stream_url],
    ['a short line', { ...base, tracking: { lines: [line('Door', [0.5, 0.5], [0.505, 0.5])] } }, en.wizard_issue_line_short],
    ['two lines of one name', { ...base, tracking: { lines: [line('Door', [0, 0], [1, 1]), line('door', [0, 1], [1, 0])] } }, en.wizard_issue_lines_same_name],
    ['two zones of one name', { ...base, tracking: { loiterZones: [zone('Till'), zone('TILL')] } }, en.wizard_issue_zones_same_name],
    ['a line without a name', { ...base, tracking: { lines: [line(' ', [0, 0], [1, 1])] } }, en.wizard_issue_rule_name_missing],
    ['a long zone name', { ...base, tracking: { loiterZones: [zone('z'.repeat(41))] } }, en.wizard_issue_rule_name_long({ max: 40 })],
    ['a control character in a line name', { ...base, tracking: { lines: [line('Do\nor', [0, 0], [1, 1])] } }, en.wizard_issue_rule_name_control],
  ];

  /** The sentence the core answers for the same request (both transports send parseRequestInput's message). */
  const coreSays = (name: 'cameras.add' | 'cameras.update', input: unknown) => {
    try {
      parseRequestInput(name, input);
    } catch (err) {
      return (err as Error).message;
    }
    return null;
  };

  for (const [what, input, words] of adds) {
    it(`${what}: the core's English sentence, and the same issue in each language`, () => {
      const english = saveProblem('cameras.add', input);
      expect(english).toBe(coreSays('cameras.add', input));
      expect(english).toContain(words);
      for (const locale of ['th', 'pt-BR', 'vi'] as const) {
        const said = saveProblem('cameras.add', input, catalogs[locale]);
        expect(said).not.toContain(words);
        expect(said).toMatch(/cameras\.add/);
      }
      expect(saveProblem('cameras.add', input, th)).toMatch(THAI);
    });
  }

  it('a patch: the same sentences with the patch\'s path', () => {
    const input = { id: 'c1', patch: { name: 'Door', tracking: { lines: [line('Door', [0.5, 0.5], [0.5, 0.51])] } } };
    expect(saveProblem('cameras.update', input)).toBe(coreSays('cameras.update', input));
    expect(saveProblem('cameras.update', input)).toBe(
      'Invalid input for cameras.update: patch.tracking.lines.0: the two ends of a line are too close together; draw a longer line',
    );
    expect(saveProblem('cameras.update', input, vi)).toBe(
      'Dữ liệu không hợp lệ (cameras.update): hai đầu của một đường quá gần nhau; hãy vẽ đường dài hơn (tại patch.tracking.lines.0)',
    );
  });

  it('an issue it has no words of its own for: the schema\'s words inside the language\'s frame', () => {
    const input = { ...base, motion: { masks: [[[0, 0], [1, 1]]] } };
    expect(saveProblem('cameras.add', input)).toBe(coreSays('cameras.add', input));
    expect(saveProblem('cameras.add', input, ptBR)).toMatch(/^Dados inválidos \(cameras\.add\): valor não aceito \(.+\) \(em motion\.masks\.0\)$/);
  });

  it('says nothing about what the schema accepts', () => {
    expect(saveProblem('cameras.add', base, th)).toBeNull();
    expect(saveProblem('cameras.update', { id: 'c1', patch: { name: 'Door' } }, th)).toBeNull();
  });
});
