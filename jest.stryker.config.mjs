// Stryker runs the `unit` project of jest.config.js on its own (Jest's --selectProjects has no
// config equivalent): the root options plus that project's, without `projects`.
import jestConfig from './jest.config.js';

const { projects, ...root } = jestConfig;
const unit = projects.find((project) => project.displayName === 'unit');

/** @type {import('jest').Config} */
export default { ...root, ...unit };
