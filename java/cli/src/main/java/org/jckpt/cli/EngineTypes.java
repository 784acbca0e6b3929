package org.jckpt.cli;

import org.jckpt.job.EngineType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --engine app|dmtcp}, refused in one line otherwise. */
final class EngineTypes implements ITypeConverter<EngineType> {
    @Override
    public EngineType convert(String value) {
        try {
            return EngineType.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
