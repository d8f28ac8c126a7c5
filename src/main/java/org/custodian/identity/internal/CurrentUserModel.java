package org.custodian.identity.internal;

import org.custodian.identity.CustodianUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in user, for the layout's header and navigation. */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserModel {

    @ModelAttribute("currentUser")
    CustodianUser currentUser(@AuthenticationPrincipal CustodianUser user) {
        return user;
    }
}
