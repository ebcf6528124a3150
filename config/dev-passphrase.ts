/**
 * The development passphrase of the stand-in CA and TSA containers, shared by the keystore's default and the
 * configuration's default so that every process of one deployment opens the same containers. Production sets
 * SIGNING_CA_PASSPHRASE.
 */
export const DEV_CA_PASSPHRASE = 'usulan-dev-ca-bukan-rahasia';
