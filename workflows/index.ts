export { kpUsulanWorkflow } from './kp/workflow';
export { peremajaanWorkflow } from './peremajaan/workflow';
export { baselineUsulanWorkflow } from './baseline';
export { masterImportWorkflow } from './import/workflow';
export { rekonWorkflow } from './rekon/workflow';
export { siasnSyncWorkflow } from './siasn/workflow';
export { siasnOutboxWorkflow } from './siasn-outbox/workflow';
