export { kpUsulanWorkflow } from './kp/workflow';
export { peremajaanWorkflow } from './peremajaan/workflow';
