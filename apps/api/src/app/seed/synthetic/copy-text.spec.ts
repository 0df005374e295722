import { copyField } from './copy-text';

describe('copyField', () => {
  it.each([
    [null, '\\N'],
    [true, 't'],
    [false, 'f'],
    [42, '42'],
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['{"phq9_1":2}', '{"phq9_1":2}'],
  ])('escapes %p as %p', (value, expected) => {
    expect(copyField(value)).toBe(expected);
  });
});
