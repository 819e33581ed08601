package dev.flock.grpc.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The JVM's own figures, under the semantic conventions' names: memory used and committed by pool,
 * threads, classes loaded, garbage collections and their time, and CPU use. Payara exports them
 * only from a server-wide SDK; Flock's is per application (so that its metrics exporter can be the
 * application's), so each application observes the JVM itself, at collection time only.
 */
@ApplicationScoped
public class JvmMetrics {

  private static final AttributeKey<String> POOL = AttributeKey.stringKey("jvm.memory.pool.name");
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("jvm.memory.type");
  private static final AttributeKey<String> GC = AttributeKey.stringKey("jvm.gc.name");

  @Inject OpenTelemetry openTelemetry;

  private final List<AutoCloseable> observers = new ArrayList<>();

  void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    Meter meter = openTelemetry.getMeter("dev.flock.jvm");
    observers.add(
        meter
            .upDownCounterBuilder("jvm.memory.used")
            .setUnit("By")
            .setDescription("Memory used, by pool")
            .buildWithCallback(memory -> eachPool(memory, MemoryUsage::getUsed)));
    observers.add(
        meter
            .upDownCounterBuilder("jvm.memory.committed")
            .setUnit("By")
            .setDescription("Memory committed, by pool")
            .buildWithCallback(memory -> eachPool(memory, MemoryUsage::getCommitted)));
    observers.add(
        meter
            .upDownCounterBuilder("jvm.thread.count")
            .setUnit("{thread}")
            .setDescription("Live threads")
            .buildWithCallback(
                threads -> threads.record(ManagementFactory.getThreadMXBean().getThreadCount())));
    observers.add(
        meter
            .upDownCounterBuilder("jvm.class.count")
            .setUnit("{class}")
            .setDescription("Classes loaded now")
            .buildWithCallback(
                classes ->
                    classes.record(
                        ManagementFactory.getClassLoadingMXBean().getLoadedClassCount())));
    observers.add(
        meter
            .counterBuilder("jvm.gc.collections")
            .setUnit("{collection}")
            .setDescription("Garbage collections, by collector")
            .buildWithCallback(
                collections ->
                    eachCollector(collections, GarbageCollectorMXBean::getCollectionCount)));
    observers.add(
        meter
            .gaugeBuilder("jvm.gc.time")
            .setUnit("s")
            .setDescription("Time spent collecting garbage, by collector")
            .buildWithCallback(
                time ->
                    ManagementFactory.getGarbageCollectorMXBeans()
                        .forEach(
                            collector ->
                                time.record(
                                    collector.getCollectionTime() / 1000.0,
                                    Attributes.of(GC, collector.getName())))));
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      observers.add(
          meter
              .gaugeBuilder("jvm.cpu.recent_utilization")
              .setUnit("1")
              .setDescription("CPU used by the JVM lately, as a share of all cores")
              .buildWithCallback(cpu -> cpu.record(Math.max(0, os.getProcessCpuLoad()))));
    }
  }

  private static void eachPool(
      ObservableLongMeasurement measurement, ToLongFunction<MemoryUsage> value) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pool.getUsage();
      if (usage != null) {
        measurement.record(
            value.applyAsLong(usage),
            Attributes.of(
                POOL,
                pool.getName(),
                TYPE,
                pool.getType() == MemoryType.HEAP ? "heap" : "non_heap"));
      }
    }
  }

  private static void eachCollector(
      ObservableLongMeasurement measurement, ToLongFunction<GarbageCollectorMXBean> value) {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      measurement.record(value.applyAsLong(collector), Attributes.of(GC, collector.getName()));
    }
  }

  @PreDestroy
  void stop() {
    for (AutoCloseable observer : observers) {
      try {
        observer.close();
      } catch (Exception e) {
        // closing an observer only unregisters its callback
      }
    }
  }
}
