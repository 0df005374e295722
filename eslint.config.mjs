import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import angular from 'angular-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/.angular',
      '**/coverage',
      '**/test-results',
      '.data/**',
      'tmp/**',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:types', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:types'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:shared', 'scope:dashboard'] },
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', '**/e2e/**', 'bench/**', 'tools/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...tseslint.config({
    files: ['apps/dashboard/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'hd', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'hd', style: 'kebab-case' }],
      // One form style (issue #12): typed reactive forms; no template-driven forms (ngModel, ngForm).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@angular/forms',
              importNames: ['FormsModule', 'NgModel', 'NgForm', 'NgModelGroup'],
              message:
                'Use typed reactive forms (ReactiveFormsModule, FormBuilder.nonNullable), as every other form does.',
            },
          ],
        },
      ],
    },
  }),
  {
    // No HttpClient anywhere in the app (issue #13 item 8, initial bundle ≤ 300 kB): Angular's
    // platform-browser imports @angular/common/http, so whatever of it the app used would be bundled
    // into the initial chunks. Every call goes through API_HTTP / API_TRANSPORT (core/http/*).
    files: ['apps/dashboard/src/**/*.ts'],
    ignores: ['apps/dashboard/**/*.spec.ts', 'apps/dashboard/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@angular/forms',
              importNames: ['FormsModule', 'NgModel', 'NgForm', 'NgModelGroup'],
              message:
                'Use typed reactive forms (ReactiveFormsModule, FormBuilder.nonNullable), as every other form does.',
            },
            {
              name: '@angular/common/http',
              message:
                'Call the API through API_HTTP (core/http/api-http.ts): HttpClient would land in the initial bundle.',
            },
          ],
        },
      ],
    },
  },
  ...tseslint.config({
    files: ['apps/dashboard/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  }),
];
