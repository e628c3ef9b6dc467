// The LAN sign-in's pure parts: the limiter that counts guesses before they are checked, the visitors' sessions, and
// the rule that only the PC may choose programs for the NVR to run.
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../main/service/login-limiter.ts';
import { LoginSessions } from '../../../main/service/login-sessions.ts';
import { localOnlyRefusal } from '../../../preload/contract.ts';

describe('LoginLimiter', () => {
  it('admits at most two checks at once: 200 guesses arriving together are 2 checks and 198 refusals', () => {
    const limiter = new LoginLimiter({}, () => 0);
    const answers = Array.from({ length: 200 }, () => limiter.admit('10.0.0.9'));
    expect(answers.filter((a) => a.ok)).toHaveLength(2);
    expect(answers.filter((a) => !a.ok && a.why === 'busy')).toHaveLength(198);
  });

  it('counts an attempt when it arrives: 10 wrong guesses from a device, then that device waits 15 minutes', () => {
    let t = 0;
    const limiter = new LoginLimiter({}, () => t);
    for (let i = 0; i < 10; i++) {
      const a = limiter.admit('10.0.0.9');
      expect(a.ok).toBe(true);
      if (a.ok) a.done(false);
      t += 1000;
    }
    const refused = limiter.admit('10.0.0.9');
    expect(refused).toMatchObject({ ok: false, why: 'address', message: 'Too many wrong passwords from this device; wait 15 minutes and try again.' });
    expect(limiter.admit('10.0.0.10').ok).toBe(true); // another device is not locked out by this one
    t = 15 * 60_000 + 1000; // the first guess leaves the window
    expect(limiter.admit('10.0.0.9').ok).toBe(true);
  });

  it('the right password clears the device; guesses spread over many addresses meet the global limit', () => {
    let t = 0;
    const limiter = new LoginLimiter({}, () => t);
    for (let i = 0; i < 5; i++) {
      const a = limiter.admit('10.0.0.9');
      if (a.ok) a.done(i === 4);
    }
    expect(limiter.trackedAddresses).toBe(0);
    const spread = Array.from({ length: 40 }, (_, i) => {
      const a = limiter.admit(`10.0.1.${i}`);
      if (a.ok) a.done(false);
      return a;
    });
    // 5 from the first device still count towards the minute's 30.
    expect(spread.filter((a) => a.ok)).toHaveLength(25);
    expect(spread.at(-1)).toMatchObject({ ok: false, why: 'global' });
    t = 61_000;
    expect(limiter.admit('10.0.2.1').ok).toBe(true);
  });

  it('forgets old attempts', () => {
    let t = 0;
    const limiter = new LoginLimiter({}, () => t);
    const a = limiter.admit('10.0.0.9');
    if (a.ok) a.done(false);
    t = 16 * 60_000;
    limiter.prune();
    expect(limiter.trackedAddresses).toBe(0);
  });
});

describe('LoginSessions', () => {
  it('issues a random token per sign-in that works until it is idle too long, too old, or revoked', () => {
    let t = 0;
    const sessions = new LoginSessions({ idleMs: 1000, maxAgeMs: 5000, now: () => t });
    const a = sessions.issue('10.0.0.9');
    const b = sessions.issue('10.0.0.9');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.check(a)).toBe(true);
    expect(sessions.check('not-a-session')).toBe(false);
    t = 900;
    expect(sessions.check(a)).toBe(true); // used: idle time starts again
    t = 1800;
    expect(sessions.check(a)).toBe(true);
    expect(sessions.check(b)).toBe(false); // idle since 0
    for (t = 2500; t <= 4500; t += 500) expect(sessions.check(a)).toBe(true);
    t = 5100;
    expect(sessions.check(a)).toBe(false); // older than maxAgeMs, however used
    const c = sessions.issue('10.0.0.9');
    sessions.revoke(c);
    expect(sessions.check(c)).toBe(false);
  });

  it('keeps at most maxSessions, dropping the least recently used', () => {
    const sessions = new LoginSessions({ maxSessions: 2, now: () => 0 });
    const a = sessions.issue('a');
    const b = sessions.issue('b');
    expect(sessions.check(a)).toBe(true); // a is now the most recently used
    const c = sessions.issue('c');
    expect(sessions.size).toBe(2);
    expect([sessions.check(a), sessions.check(b), sessions.check(c)]).toEqual([true, false, true]);
    sessions.revokeAll();
    expect(sessions.size).toBe(0);
  });
});

describe('localOnlyRefusal', () => {
  it('refuses the settings that choose a program, over the LAN only; everything else passes', () => {
    expect(localOnlyRefusal('settings.update', { ffmpegPath: '/tmp/evil.sh' })).toBe(
      'Only the shop PC itself can change the ffmpeg program: open the NVR on that PC to change it.',
    );
    expect(localOnlyRefusal('settings.update', { ffmpegPath: null, modelPath: '/x' })).toMatch(/the ffmpeg program and the person detector's model file/);
    expect(localOnlyRefusal('settings.update', { storage: { retentionIntervalMinutes: 7 } })).toBeNull();
    expect(localOnlyRefusal('cameras.list', {})).toBeNull();
    expect(localOnlyRefusal('settings.update', null)).toBeNull();
  });
});
