export { registerPowerQuery, LANGUAGE_ID, microsoftPowerQueryInstalled } from './registerPowerQuery';
