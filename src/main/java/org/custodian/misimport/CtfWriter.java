package org.custodian.misimport;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.custodian.misimport.internal.PupilFactory;
import org.custodian.misimport.internal.SyntheticPupil;

/** Writes one CTF (DOMAIN §4) element by element, indented, one pupil at a time. */
final class CtfWriter {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final XMLStreamWriter xml;
    private final SyntheticSchoolData.Settings settings;
    private final boolean full;
    private int depth;

    CtfWriter(XMLStreamWriter xml, SyntheticSchoolData.Settings settings, boolean full) {
        this.xml = xml;
        this.settings = settings;
        this.full = full;
    }

    void write(PupilFactory factory) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        open("CTfile");
        header();
        open("CTFpupilData");
        for (int i = 0; i < settings.pupils(); i++) {
            pupil(factory.pupil(i));
        }
        close();
        close();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private void header() throws XMLStreamException {
        LocalDate date = settings.referenceDate();
        open("Header");
        leaf("DocumentName", "Common Transfer File");
        leaf("CTFversion", "25.0");
        leaf("DateTime", DATE_TIME.format(date.atTime(8, 0)));
        leaf("DocumentQualifier", full ? "full" : "partial");
        leaf("SupplierID", "Custodian synthetic data");
        open("SourceSchool");
        school();
        leaf("SchoolName", settings.schoolName());
        leaf("AcademicYear", String.valueOf(PupilFactory.academicYearStart(date)));
        close();
        open("DestSchool");
        school();
        close();
        close();
    }

    private void school() throws XMLStreamException {
        leaf("LEA", settings.la());
        leaf("Estab", settings.estab());
        leaf("URN", settings.urn());
    }

    private void pupil(SyntheticPupil p) throws XMLStreamException {
        open("Pupil");
        leaf("UPN", p.upn());
        leaf("Surname", p.surname());
        leaf("Forename", p.forename());
        leaf("DOB", p.dateOfBirth().toString());
        leaf("Sex", String.valueOf(p.sex()));
        open("BasicDetails");
        leaf("FormerUPN", p.formerUpn());
        leaf("PreferredForename", p.preferredForename());
        leaf("NCyearActual", String.valueOf(p.ncYear()));
        leaf("Ethnicity", p.ethnicity());
        open("Languages");
        open("Type");
        leaf("LanguageType", "F");
        leaf("Language", p.firstLanguage());
        close();
        close();
        leaf("EnrolStatus", p.enrolStatus());
        close();
        if (p.fsm() != null) {
            open("FSMhistory");
            leaf("FSMreviewDate", p.fsm().reviewDate().toString());
            open("FSMinstance");
            leaf("FSMstartDate", p.fsm().start().toString());
            leaf("FSMendDate", p.fsm().end() == null ? null : p.fsm().end().toString());
            leaf("UKcountry", "ENG");
            close();
            close();
        }
        if (p.senNeed() != null) {
            open("SENhistory");
            open("SEN");
            leaf("StartDate", p.senStart().toString());
            leaf("SENprovision", String.valueOf(p.senProvision()));
            close();
            open("SENneeds");
            open("SENneed");
            leaf("SENtype", p.senNeed());
            leaf("SENtypeRank", "1");
            close();
            close();
            close();
        }
        if (p.suppInfo()) {
            open("SuppInfo");
            leaf("SupplierID", "SYNTH");
            leaf("RegGroup", p.registrationGroup());
            close();
        }
        close();
    }

    private void open(String name) throws XMLStreamException {
        indent();
        xml.writeStartElement(name);
        depth++;
    }

    private void close() throws XMLStreamException {
        depth--;
        indent();
        xml.writeEndElement();
    }

    /** Writes {@code <name>value</name>}, or nothing when the value is absent. */
    private void leaf(String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        indent();
        xml.writeStartElement(name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private void indent() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
