package org.custodian.retention.internal;

import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.web.ClientAddress;
import org.custodian.web.CsvCells;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The grace export: the school admin takes the school's data back, as CSV and as a CTF-shaped XML
 * file, under purpose {@code CONTRACT_END_RETURN}, each logged as an EXPORT in the access log. It is
 * all a terminated school's admin may still do until the purge; in service the admin may use it too.
 */
@Controller
class GraceExportController {

    static final String REASON = "Returning the school's data at the end of its contract";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final PupilRecords pupils;
    private final Schools schools;
    private final Clock clock;

    GraceExportController(PupilRecords pupils, Schools schools, Clock clock) {
        this.pupils = pupils;
        this.schools = schools;
        this.clock = clock;
    }

    @GetMapping("/grace-export")
    @RequiresPermission(Permission.PUPIL_DATA)
    String page(@AuthenticationPrincipal CustodianUser user, Model model) {
        School school = school(user);
        var grace = schools.grace(school.id());
        model.addAttribute("school", school);
        model.addAttribute("endsOn", grace.endsOn() == null ? null : DATE.format(grace.endsOn()));
        return "retention/grace-export";
    }

    @GetMapping(value = {"/grace-export/pupils.csv", "/api/v1/grace-export/pupils.csv"})
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<String> csv(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request) {
        school(user);
        StringBuilder csv = new StringBuilder(CsvCells.row(List.of("UPN", "Forename", "Surname", "Date of birth",
                "Admission number", "Sex", "NC year", "Registration group", "Classes")));
        for (PupilRecord pupil : pupils.export(context(user, request))) {
            csv.append(CsvCells.row(Arrays.asList(pupil.upn(), pupil.forename(), pupil.surname(),
                    pupil.dateOfBirth().toString(), pupil.admissionNumber(), pupil.sex().name(), pupil.ncYear(),
                    pupil.registrationGroup(), pupil.classes().stream().filter(c -> c.kind().equals("TEACHING"))
                            .map(PupilRecord.SchoolClass::code).collect(Collectors.joining("; ")))));
        }
        return download("pupils.csv", MediaType.parseMediaType("text/csv;charset=UTF-8"), csv.toString());
    }

    @GetMapping(value = {"/grace-export/pupils.xml", "/api/v1/grace-export/pupils.xml"})
    @RequiresPermission(Permission.PUPIL_DATA)
    ResponseEntity<String> ctf(@AuthenticationPrincipal CustodianUser user, HttpServletRequest request)
            throws XMLStreamException {
        School school = school(user);
        List<PupilRecord> records = pupils.export(context(user, request));
        StringWriter out = new StringWriter();
        XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("CTfile");
        xml.writeStartElement("Header");
        leaf(xml, "DocumentName", "Common Transfer File");
        leaf(xml, "CTFversion", "25.0");
        leaf(xml, "DateTime", DATE_TIME.format(LocalDateTime.now(clock.withZone(ZoneId.of("Europe/London")))));
        leaf(xml, "DocumentQualifier", "full");
        leaf(xml, "SupplierID", "Custodian");
        xml.writeStartElement("SourceSchool");
        leaf(xml, "LEA", school.laCode());
        leaf(xml, "Estab", school.establishmentNumber());
        leaf(xml, "URN", school.urn());
        leaf(xml, "SchoolName", school.name());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement("CTFpupilData");
        for (PupilRecord pupil : records) {
            xml.writeStartElement("Pupil");
            leaf(xml, "UPN", pupil.upn());
            leaf(xml, "Surname", pupil.surname());
            leaf(xml, "Forename", pupil.forename());
            leaf(xml, "DOB", pupil.dateOfBirth().toString());
            leaf(xml, "Sex", pupil.sex().name().substring(0, 1));
            xml.writeStartElement("BasicDetails");
            leaf(xml, "NCyearActual", pupil.ncYear());
            leaf(xml, "AdmissionNumber", pupil.admissionNumber());
            xml.writeEndElement();
            xml.writeStartElement("SuppInfo");
            leaf(xml, "SupplierID", "Custodian");
            leaf(xml, "RegGroup", pupil.registrationGroup());
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return download("pupils-ctf.xml", MediaType.parseMediaType("application/xml;charset=UTF-8"), out.toString());
    }

    /** Only the school's admin: the grace period is theirs, not every member of staff's. */
    private School school(CustodianUser user) {
        if (user.role() != Role.SCHOOL_ADMIN || user.schoolId() == null) {
            throw ProblemException.forbidden("forbidden", "Only the school's admin can export the school's data.");
        }
        return schools.get(user.schoolId(), user);
    }

    private static AccessContext context(CustodianUser user, HttpServletRequest request) {
        return new AccessContext(user, PupilRecords.RETURN_PURPOSE, REASON, RequestIds.of(request),
                ClientAddress.of(request));
    }

    private static void leaf(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null || value.isEmpty()) {
            return;
        }
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private static ResponseEntity<String> download(String name, MediaType type, String body) {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store")
                .contentType(type)
                .body(body);
    }
}
