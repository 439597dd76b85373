export {
  createLocalBackend,
  localBackendRegistration,
  LOCAL_BACKEND_NAME,
} from './local-backend.js';
export { CORRUPT_LOCK_ID } from '@kusion/backend-kit';
