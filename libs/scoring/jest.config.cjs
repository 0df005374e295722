module.exports = {
  displayName: 'scoring',
  ...require('../../jest.preset.cjs')(__dirname),
};
