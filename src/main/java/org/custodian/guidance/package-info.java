/**
 * Staff trained before access: a school's data-protection guidance for its staff (versioned text set
 * by its admins) and, where the school requires it, each member of staff's acknowledgement of the
 * current version before they reach pupil data. A new version asks everyone again.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Guidance")
package org.custodian.guidance;
