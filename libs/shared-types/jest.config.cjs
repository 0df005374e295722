module.exports = {
  displayName: 'shared-types',
  ...require('../../jest.preset.cjs')(__dirname),
};
