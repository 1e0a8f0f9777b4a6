package com.calendarpipe.caldav;

import com.calendarpipe.account.Caller;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * CalDAV entry point under {@code /dav/}, behind the same authentication mechanism as the
 * REST API (Basic with the account email and an API key, or Bearer). For now it answers
 * discovery only: OPTIONS, and PROPFIND of {@code DAV:current-user-principal} on {@code /dav/}
 * (RFC 5397), which is what clients ask first after {@code /.well-known/caldav} (RFC 6764).
 */
@WebServlet("/dav/*")
public class CalDavServlet extends HttpServlet {

    private static final String ALLOW = "OPTIONS, PROPFIND";
    private static final QName CURRENT_USER_PRINCIPAL = new QName(DavXml.DAV, "current-user-principal");
    private static final QName RESOURCETYPE = new QName(DavXml.DAV, "resourcetype");
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        switch (request.getMethod()) {
            case "OPTIONS" -> options(response);
            case "PROPFIND" -> {
                if (!path.equals("/")) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                } else {
                    propfindRoot(request, response);
                }
            }
            default -> {
                response.setHeader("Allow", ALLOW);
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }

    private static void options(HttpServletResponse response) {
        response.setHeader("DAV", "1, 3, calendar-access");
        response.setHeader("Allow", ALLOW);
        response.setContentLength(0);
    }

    /** RFC 4918 §9.1: an empty body means allprop; otherwise the named properties. */
    private static void propfindRoot(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Document body;
        try {
            body = DavXml.parse(request.getInputStream());
        } catch (DavXml.BadXml e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        } catch (DavXml.TooLarge e) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        List<QName> requested = requestedProperties(body);
        String principal = "/dav/principals/" + Caller.of(request).account().getId() + "/";
        List<QName> found = new ArrayList<>();
        List<QName> missing = new ArrayList<>();
        for (QName name : requested == null ? List.of(CURRENT_USER_PRINCIPAL, RESOURCETYPE) : requested) {
            (name.equals(CURRENT_USER_PRINCIPAL) || name.equals(RESOURCETYPE) ? found : missing).add(name);
        }
        response.setStatus(207);
        response.setContentType("application/xml;charset=UTF-8");
        try (Writer out = response.getWriter()) {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setPrefix("d", DavXml.DAV);
            xml.writeStartElement(DavXml.DAV, "multistatus");
            xml.writeNamespace("d", DavXml.DAV);
            xml.writeStartElement(DavXml.DAV, "response");
            element(xml, "href", "/dav/");
            if (!found.isEmpty()) {
                xml.writeStartElement(DavXml.DAV, "propstat");
                xml.writeStartElement(DavXml.DAV, "prop");
                for (QName name : found) {
                    xml.writeStartElement(DavXml.DAV, name.getLocalPart());
                    if (name.equals(CURRENT_USER_PRINCIPAL)) {
                        element(xml, "href", principal);
                    } else {
                        xml.writeEmptyElement(DavXml.DAV, "collection");
                    }
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                element(xml, "status", "HTTP/1.1 200 OK");
                xml.writeEndElement();
            }
            if (!missing.isEmpty()) {
                xml.writeStartElement(DavXml.DAV, "propstat");
                xml.writeStartElement(DavXml.DAV, "prop");
                for (QName name : missing) {
                    xml.writeEmptyElement("x", name.getLocalPart(), name.getNamespaceURI());
                    xml.writeNamespace("x", name.getNamespaceURI());
                }
                xml.writeEndElement();
                element(xml, "status", "HTTP/1.1 404 Not Found");
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the multistatus", e);
        }
    }

    /** The names inside {@code <prop>}, or null for allprop and an empty body. */
    private static List<QName> requestedProperties(Document body) {
        if (body == null) {
            return null;
        }
        Element root = body.getDocumentElement();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && DavXml.DAV.equals(element.getNamespaceURI())
                    && "prop".equals(element.getLocalName())) {
                List<QName> names = new ArrayList<>();
                for (Node prop = element.getFirstChild(); prop != null; prop = prop.getNextSibling()) {
                    if (prop instanceof Element named) {
                        names.add(new QName(named.getNamespaceURI() == null ? "" : named.getNamespaceURI(),
                                named.getLocalName()));
                    }
                }
                return names;
            }
        }
        return null;
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(DavXml.DAV, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
