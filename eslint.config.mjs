// @ts-check
import stylistic from '@stylistic/eslint-plugin';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'dist/**', 'dist-jsii/**', 'cdktf.out/**', 'node_modules/**', '**/*.d.ts', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { '@stylistic': stylistic, import: importPlugin },
    rules: {
      // One formatter: these rules are the house format.
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, flatTernaryExpressions: true }],
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true }],
      'import/order': ['error', {
        groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
        alphabetize: { order: 'asc', caseInsensitive: true },
        'newlines-between': 'never',
      }],
      'import/no-duplicates': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // cdktf is archived upstream (docs/adr/0002): only the renderers and the app wiring may import it,
    // and providers are imported by submodule path (the package root costs ~1.5 s and ~500 MB).
    files: ['lib/**/*.ts'],
    ignores: ['lib/render/aws/**', 'lib/render/gcp/**', 'lib/render/terraform-app.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['cdktf', '@cdktf/*', '@cdktf/**'], message: 'cdktf imports live in lib/render/aws, lib/render/gcp and lib/render/terraform-app.ts only.' },
      ] }],
    },
  },
  {
    files: ['lib/render/aws/**', 'lib/render/gcp/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: '@cdktf/provider-aws', message: 'Import the resource submodule, e.g. @cdktf/provider-aws/lib/eks-node-group.' },
        { name: '@cdktf/provider-google', message: 'Import the resource submodule, e.g. @cdktf/provider-google/lib/container-node-pool.' },
      ] }],
    },
  },
  {
    // The library raises only ValidationError (with a stable code), never a bare Error.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "ThrowStatement > NewExpression[callee.name='Error']", message: 'Throw a ValidationError with an ErrorCode, not a bare Error.' },
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Library code does not read the environment (synth is pure).' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Synth is deterministic: no clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Synth is deterministic: no randomness.' },
      ],
    },
  },
);
