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
    ignores: ['lib/render/aws/**', 'lib/render/gcp/**', 'lib/platform/apps.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['cdktf', '@cdktf/*', '@cdktf/**'], message: 'cdktf imports live in lib/render/aws, lib/render/gcp and lib/platform/apps.ts only.' },
      ] }],
    },
  },
  {
    // The architecture (docs/adr/0008): core <- catalog <- model <- compute/scheduling <- render <- platform.
    // No folder imports one above it, and no file imports itself back through a cycle.
    files: ['lib/**/*.ts'],
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-restricted-paths': ['error', { zones: [
        { target: './lib/core', from: ['./lib/catalog', './lib/model', './lib/compute', './lib/scheduling', './lib/render', './lib/platform', './lib/imports'],
          message: 'core is the bottom layer: it imports nothing of the library.' },
        { target: './lib/catalog', from: ['./lib/model', './lib/compute', './lib/scheduling', './lib/render', './lib/platform'],
          message: 'catalog imports only core.' },
        { target: './lib/model', from: ['./lib/compute', './lib/scheduling', './lib/render', './lib/platform'],
          message: 'model imports only core and catalog: constructs and renderers depend on it, not the reverse.' },
        { target: './lib/compute', from: ['./lib/render', './lib/platform', './lib/imports'],
          message: 'Constructs reach renderers through the platform\'s seams (model/seams.ts), never by import.' },
        { target: './lib/scheduling', from: ['./lib/render', './lib/platform', './lib/imports'],
          message: 'Constructs reach renderers through the platform\'s seams (model/seams.ts), never by import.' },
        { target: './lib/render', from: ['./lib/platform'],
          message: 'Renderers do not import the platform.' },
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
