package io.shrapnel.codecs.ldap;

import java.util.List;

/**
 * The result of an operation (RFC 4511 4.1.9): code, matched DN, the server's diagnostic message,
 * referral URIs (for {@link ResultCode#REFERRAL}), and the response controls.
 */
public record LdapResult(int code, String matchedDn, String diagnostic, List<String> referrals, List<Control> controls) {
    public LdapResult {
        referrals = List.copyOf(referrals);
        controls = List.copyOf(controls);
    }

    public boolean isSuccess() {
        return code == ResultCode.SUCCESS;
    }

    @Override
    public String toString() {
        return ResultCode.describe(code) + (matchedDn.isEmpty() ? "" : ", matched " + matchedDn)
                + (diagnostic.isEmpty() ? "" : ": " + diagnostic) + (referrals.isEmpty() ? "" : ", referrals " + referrals);
    }
}
