package org.custodian.identity;

/**
 * What a signed-in person may do. Roles map to permissions in one place ({@link Role#permissions()});
 * every endpoint and page names the permission it needs with {@link RequiresPermission}.
 */
public enum Permission {
    /** Their own account: password, second factor, sign out. */
    OWN_ACCOUNT,
    /** Their own school's overview and sharing agreement. */
    SCHOOL_VIEW,
    /** Accept the sharing agreement on the school's behalf. */
    AGREEMENT_ACCEPT,
    /** Pupil records of their own school (the purpose check comes on top). */
    PUPIL_DATA,
    /** Add, edit, disable and remove their school's staff; unlock; reset 2FA; termly review. */
    USERS_MANAGE,
    /** Who is signed in at their school, and revoking those sessions. */
    SCHOOL_SESSIONS,
    /** Their school's sign-in and account events. */
    SCHOOL_SECURITY_EVENTS,
    /** Re-admit a pupil erased earlier, so that they can be added again (the DPO's decision). */
    PUPIL_READMIT,
    /** The school's register of data-subject rights requests: record them and each step, see their deadlines. */
    RIGHTS_REQUESTS,
    /** Review the school's pupil-data access log: filters, flags, marking entries reviewed. */
    ACCESS_LOG_REVIEW,
    /** Say who teaches and supervises each class and registration group. */
    CLASSES_MANAGE,
    /** Import pupil data from the school's MIS (CTF or CSV): preview, commit, history. */
    PUPIL_IMPORT,
    /** See the school's imports and their reports, e.g. pupils flagged as erased before (no upload or commit). */
    IMPORTS_VIEW,
    /** Create and revoke the school's API tokens for MIS partners. */
    API_TOKENS_MANAGE,
    /** Switch the school's optional pupil-data categories on or off. */
    CATEGORY_SETTINGS,
    /** The list of schools and their registration details (no pupil data). */
    SCHOOL_DIRECTORY,
    /** Register schools and move them through their lifecycle. */
    SCHOOLS_ADMINISTER,
    /** Publish sharing agreement versions. */
    AGREEMENTS_PUBLISH,
    /** Every session on the platform, and revoking them. */
    ALL_SESSIONS,
    /** Maintenance banner and blocking new sign-ins. */
    MAINTENANCE,
    /** The school's retention schedule: how long each kind of record is kept, and its changes. */
    RETENTION_VIEW,
    /** Choose the school's retention periods within the platform's limits. */
    RETENTION_CHOOSE,
    /** Set the platform-wide limits schools choose their retention periods within. */
    RETENTION_LIMITS,
    /** Approve a retention sweep's preview, where the school has deletion wait for the DPO's approval. */
    RETENTION_APPROVE,
    /** Record changes to the platform's sub-processor register (announced to schools before they take effect). */
    SUBPROCESSORS_MANAGE,
    /** Send product news to the school staff who opted in (each email with its unsubscribe link). */
    MARKETING_SEND,
    /** Publish the school's data-protection guidance for staff and require its acknowledgement before pupil data. */
    GUIDANCE_MANAGE,
    /** The platform's breach register: record incidents, decisions and scopes, and send notices to schools. */
    BREACHES_MANAGE,
    /** The school's breach notices from the platform: read, acknowledge, download the draft ICO report. */
    BREACH_NOTICES,
    /** The names of the school's own pupils a breach reached (a logged read under BREACH_INVESTIGATION). */
    BREACH_SUBJECT_NAMES,
    /** Give platform support time-boxed consent to reach the school's pupil data, and revoke it. */
    SUPPORT_CONSENT,
    /** Reach a school's pupil data while, and as far as, that school's consent allows (support engineers). */
    SUPPORT_ACCESS;

    /** The Spring Security authority that carries this permission. */
    public String authority() {
        return name();
    }
}
