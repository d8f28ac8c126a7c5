package org.custodian.crypto.internal;

import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;

/** What a school keyset is for: wrapping its subjects' data keys, or computing its blind indexes. */
enum KeysetPurpose {
    AEAD(PredefinedAeadParameters.AES256_GCM), PRF(PredefinedPrfParameters.HMAC_SHA256_PRF);

    final Parameters parameters;

    KeysetPurpose(Parameters parameters) {
        this.parameters = parameters;
    }
}
