package org.custodian.transparency.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The school's transparency answers, the record of processing and the sub-processor register. */
@RestController
class TransparencyApiController {

    private final TransparencyAnswers answers;
    private final ProcessingRecord record;
    private final SubProcessorRegister subProcessors;

    TransparencyApiController(TransparencyAnswers answers, ProcessingRecord record, SubProcessorRegister subProcessors) {
        this.answers = answers;
        this.record = record;
        this.subProcessors = subProcessors;
    }

    /** The questionnaire's answers for the caller's school, generated now. */
    @GetMapping("/api/v1/transparency")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    TransparencyAnswers.Answers transparency(@AuthenticationPrincipal CustodianUser user) {
        return answers.forSchool(user.ownSchoolId());
    }

    @GetMapping("/api/v1/processing-record")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ProcessingRecord.Contents processingRecord() {
        return record.contents();
    }

    @GetMapping("/api/v1/processing-record.csv")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ResponseEntity<byte[]> processingRecordCsv() {
        return file(record.csv(record.contents()).getBytes(StandardCharsets.UTF_8),
                new MediaType("text", "csv", StandardCharsets.UTF_8), "record-of-processing.csv");
    }

    @GetMapping("/api/v1/processing-record.pdf")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    ResponseEntity<byte[]> processingRecordPdf() {
        return file(record.pdf(record.contents()), MediaType.APPLICATION_PDF, "record-of-processing.pdf");
    }

    /** The sub-processors standing today and the changes announced. */
    @GetMapping("/api/v1/sub-processors")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    Register register() {
        var today = subProcessors.today();
        return new Register(subProcessors.standing(today).stream().map(TransparencyAnswers.SubProcessor::of).toList(),
                subProcessors.pending(today).stream().map(TransparencyAnswers.SubProcessor::of).toList());
    }

    /** Records an addition, change or removal, effective at least 30 days ahead. */
    @PostMapping("/api/v1/sub-processors")
    @RequiresPermission(Permission.SUBPROCESSORS_MANAGE)
    ResponseEntity<TransparencyAnswers.SubProcessor> change(@AuthenticationPrincipal CustodianUser user,
                                                            @RequestBody SubProcessorRegister.Request request) {
        return ResponseEntity.status(201).body(TransparencyAnswers.SubProcessor.of(subProcessors.record(request, user)));
    }

    record Register(List<TransparencyAnswers.SubProcessor> standing, List<TransparencyAnswers.SubProcessor> announced) {
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}
