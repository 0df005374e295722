import { languageName } from './labels';

describe('languageName', () => {
  it('names a preferred language from its tag', () => {
    expect(languageName('ar')).toBe('Arabic');
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('en')).toBe('English');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
  });

  it('shows the tag as stored when it has no name or is not a tag', () => {
    expect(languageName('qaa')).toBe('qaa');
    expect(languageName('not a tag!')).toBe('not a tag!');
  });
});
