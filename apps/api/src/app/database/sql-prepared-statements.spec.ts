import { messageStatement, PREPARED_PER_CONNECTION } from './sql-prepared-statements';

describe('messageStatement', () => {
  const text = 'SELECT * FROM patient WHERE id = $1 AND clinic_id = $2';
  const params = ['a', "b'c"];

  it('prepares a statement the connection lacks, and only executes one it has', () => {
    const first = messageStatement(text, params, new Set());
    const name = first?.prepare?.name ?? '';
    expect(name).toMatch(/^b_[0-9a-f]{24}$/);
    expect(first).toEqual({
      sql: `EXECUTE ${name}('a', 'b''c')`,
      prepare: { name, sql: `PREPARE ${name} AS ${text}` },
    });
    expect(messageStatement(text, params, new Set([name]))).toEqual({ sql: first?.sql, prepare: null });
  });

  it('writes the parameters in when prepared statements are off, or the connection holds its most', () => {
    const inline = `SELECT * FROM patient WHERE id = 'a' AND clinic_id = 'b''c'`;
    expect(messageStatement(text, params, null)).toEqual({ sql: inline, prepare: null });
    const full = new Set(Array.from({ length: PREPARED_PER_CONNECTION }, (_, i) => `b_${i}`));
    expect(messageStatement(text, params, full)).toEqual({ sql: inline, prepare: null });
    // One it already has is still executed.
    const name = messageStatement(text, params, new Set())?.prepare?.name ?? '';
    full.add(name);
    expect(messageStatement(text, params, full)?.sql).toMatch(/^EXECUTE b_/);
  });

  it('cannot carry a parameter without a text form', () => {
    expect(messageStatement(text, [Buffer.from('x'), 'y'], new Set())).toBeNull();
    expect(messageStatement(text, [Buffer.from('x'), 'y'], null)).toBeNull();
  });
});
