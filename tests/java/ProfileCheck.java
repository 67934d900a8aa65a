// The OWL API's OWL 2 DL profile checker on one ontology document (tests/test_owl_release.py
// compiles and runs it against the OWL API jars that owlready2 bundles).
// Usage: java ProfileCheck FILE [IMPORT-IRI FILE]...   Each pair maps an owl:imports IRI to a local
// file, so nothing is fetched. Prints one line per violation, then "VIOLATIONS n".
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import org.semanticweb.owlapi.util.SimpleIRIMapper;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        for (int i = 1; i + 1 < args.length; i += 2) {
            m.addIRIMapper(new SimpleIRIMapper(IRI.create(args[i]), IRI.create(new File(args[i + 1]))));
        }
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : r.getViolations()) {
            System.out.println("VIOLATION\t" + v.getClass().getSimpleName() + "\t" + v);
        }
        System.out.println("VIOLATIONS " + r.getViolations().size());
    }
}
