module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Contract tests assert through helpers such as expectError().
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectError'] },
    ],
  },
});
