import { homePathFor, navigationFor, safeReturnPath } from './role-navigation';

describe('role navigation', () => {
  it.each([
    ['care_manager', '/caseload'],
    ['psychiatric_consultant', '/review'],
    ['leadership', '/outcomes'],
    ['admin', '/admin'],
    ['pcp', '/patients'],
    ['kiosk', '/kiosk'],
  ] as const)('lands %s on %s', (role, path) => {
    expect(homePathFor(role)).toBe(path);
  });

  it('gives consultants the weekly review and the caseloads they cover', () => {
    expect(navigationFor('psychiatric_consultant').map((i) => i.path)).toEqual([
      '/review',
      '/caseload',
      '/huddle',
      '/tasks',
    ]);
  });

  it('gives care managers their caseload, then self-report, screening, the huddle, their tasks and imports', () => {
    expect(navigationFor('care_manager').map((i) => i.path)).toEqual([
      '/caseload',
      '/self-report',
      '/screening',
      '/huddle',
      '/tasks',
      '/import',
    ]);
  });

  it('gives imports to the roles the API lets import (care managers, admins) only', () => {
    const withImport = (
      ['care_manager', 'psychiatric_consultant', 'pcp', 'leadership', 'admin', 'kiosk', 'org_leadership'] as const
    ).filter((role) => navigationFor(role).some((i) => i.path === '/import'));
    expect(withImport).toEqual(['care_manager', 'admin']);
  });

  it('never shows patient-level pages to leadership, admins or the kiosk', () => {
    for (const role of ['leadership', 'admin', 'kiosk'] as const) {
      const paths = navigationFor(role).map((i) => i.path);
      expect(paths).not.toContain('/caseload');
      expect(paths).not.toContain('/review');
      expect(paths).not.toContain('/patients');
    }
  });

  it('gives PCPs their own patients first, then the registry overview', () => {
    expect(navigationFor('pcp').map((i) => i.path)).toEqual([
      '/patients',
      '/overview',
      '/screening',
      '/huddle',
      '/tasks',
    ]);
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/caseload?sort=name', '/caseload?sort=name'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['https://evil.example', null],
    ['/login?x=1', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
