/** The HIPAA idle timeout Genesys Cloud enforces when compliance is on (seconds). */
export const GENESYS_IDLE_TIMEOUT_S = 15 * 60;
