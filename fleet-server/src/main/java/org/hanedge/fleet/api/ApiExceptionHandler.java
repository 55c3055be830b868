package org.hanedge.fleet.api;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Error answers of the whole API: RFC 9457 {@code application/problem+json} with {@code title}, {@code status},
 * {@code detail} (one line naming the parameter or field and what was wrong), {@code instance} (the path), and for
 * validation errors an {@code errors} array of {@code {field, message}}. Unexpected errors answer 500 with a generic
 * detail and a {@code correlationId}; the stack trace goes to the log only, under that id.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    // ---- validation ---------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError e : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(e.getField(), e.getDefaultMessage()));
        }
        for (ObjectError e : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(e.getObjectName(), e.getDefaultMessage()));
        }
        return handleExceptionInternal(ex, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = parameterName(result.getMethodParameter());
            if (result instanceof ParameterErrors bean) {
                bean.getFieldErrors().forEach(e -> errors.add(new FieldProblem(e.getField(), e.getDefaultMessage())));
                bean.getGlobalErrors().forEach(e -> errors.add(new FieldProblem(name, e.getDefaultMessage())));
            } else {
                result.getResolvableErrors().forEach(e -> errors.add(new FieldProblem(name, e.getDefaultMessage())));
            }
        }
        return handleExceptionInternal(ex, validationProblem(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : ex.getConstraintViolations()) {
            errors.add(new FieldProblem(lastNode(v.getPropertyPath()), v.getMessage()));
        }
        return problem(validationProblem(errors), request);
    }

    // ---- parameters and bodies ----------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String detail = Expectations.invalidValue(name, ex.getValue(), ex.getRequiredType());
        return handleExceptionInternal(ex, fieldProblem(name, detail), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterName() + ": required parameter is missing (" + ex.getParameterType() + ")";
        return handleExceptionInternal(ex, fieldProblem(ex.getParameterName(), detail), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = unreadable(ex);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof InvalidFormatException f) {
            String field = path(f);
            return fieldProblem(field, Expectations.invalidValue(field, f.getValue(), f.getTargetType()));
        }
        if (cause instanceof ValueInstantiationException v) {
            String why = v.getCause() != null ? v.getCause().getMessage() : v.getOriginalMessage();
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "request body: " + why);
        }
        if (cause instanceof MismatchedInputException m) {
            String field = path(m);
            if (field.isEmpty()) {
                return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "request body: expected " + Expectations.of(m.getTargetType()) + " (a JSON object)");
            }
            return fieldProblem(field, field + ": expected " + Expectations.of(m.getTargetType()));
        }
        if (cause instanceof JsonParseException p) {
            JsonLocation at = p.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "request body is not valid JSON" + where + ": " + firstLine(p.getOriginalMessage()));
        }
        if (cause == null && ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "request body is missing (JSON expected)");
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "request body cannot be read as JSON");
    }

    // ---- the project's exceptions -------------------------------------------------------------------------------

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException ex, HttpServletRequest request) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage()), request);
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Object> badRequest(BadRequestException ex, HttpServletRequest request) {
        return problem(fieldProblem(ex.parameter(), ex.getMessage()), request);
    }

    @ExceptionHandler(UnprocessableException.class)
    ResponseEntity<Object> unprocessable(UnprocessableException ex, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, ex.getMessage());
        body.setTitle(ex.title());
        body.setProperty("errors", ex.errors());
        return problem(body, request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException ex, HttpServletRequest request) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage()), request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> dataIntegrity(DataIntegrityViolationException ex, HttpServletRequest request) {
        // the database's message may quote row values: log its kind only
        log.info("{} {}: data integrity violation ({})", request.getMethod(), request.getRequestURI(),
                ex.getMostSpecificCause().getClass().getSimpleName());
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the change conflicts with stored data (a duplicate, or an entry still referenced)"), request);
    }

    // ---- security exceptions thrown inside a controller (method security) ----------------------------------------

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException ex, HttpServletRequest request) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                request.getMethod() + " " + request.getRequestURI() + " is not allowed for your role"), request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex, HttpServletRequest request) {
        return problem(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "authentication failed: " + ex.getMessage()), request);
    }

    // ---- everything else ----------------------------------------------------------------------------------------

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        log.error("Unexpected error [{}] on {} {}", id, request.getMethod(), request.getRequestURI(), ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "unexpected server error; the server log has the details under reference " + id);
        body.setProperty("correlationId", id);
        return problem(body, request);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every problem answered through the base class gets {@code instance} (the request path). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail pd && pd.getInstance() == null && request instanceof ServletWebRequest sw) {
            pd.setInstance(java.net.URI.create(sw.getRequest().getRequestURI()));
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static ResponseEntity<Object> problem(ProblemDetail body, HttpServletRequest request) {
        body.setInstance(java.net.URI.create(request.getRequestURI()));
        return ResponseEntity.status(body.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ProblemDetail validationProblem(List<FieldProblem> errors) {
        String detail = errors.isEmpty() ? "request is invalid"
                : errors.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        body.setTitle("Invalid request");
        body.setProperty("errors", errors);
        return body;
    }

    private static ProblemDetail fieldProblem(String field, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        body.setTitle("Invalid request");
        String prefix = field + ": ";
        body.setProperty("errors", List.of(new FieldProblem(field,
                detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail)));
        return body;
    }

    private static String parameterName(MethodParameter p) {
        RequestParam rp = p.getParameterAnnotation(RequestParam.class);
        PathVariable pv = p.getParameterAnnotation(PathVariable.class);
        RequestHeader rh = p.getParameterAnnotation(RequestHeader.class);
        String declared = rp != null ? first(rp.name(), rp.value())
                : pv != null ? first(pv.name(), pv.value())
                : rh != null ? first(rh.name(), rh.value()) : "";
        if (!declared.isEmpty()) {
            return declared;
        }
        String name = p.getParameterName();
        return name != null ? name : "argument " + p.getParameterIndex();
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static String lastNode(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name != null ? name : path.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
