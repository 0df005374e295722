import { idleSchedule } from './idle-watch.service';

describe('idleSchedule', () => {
  it('warns a minute before the server idle timeout and signs out at it', () => {
    expect(idleSchedule(1_000, 15 * 60_000)).toEqual({ warnAt: 1_000 + 14 * 60_000, expireAt: 1_000 + 15 * 60_000 });
  });

  it('warns half-way through very short timeouts', () => {
    expect(idleSchedule(0, 60_000)).toEqual({ warnAt: 30_000, expireAt: 60_000 });
  });
});
